namespace Bridge.Protocol;

/// <summary>
/// Token-type and grant-type URIs of Bridge's RFC 8693 profile (docs/token-exchange.md): the one definition the
/// service, its attestors, Bridge.Client and the CLI share.
/// </summary>
public static class TokenTypeUris
{
    /// <summary>RFC 8693 grant type.</summary>
    public const string TokenExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange";

    /// <summary>Any JWT (RFC 8693 §3). Accepted as subject token; issued for JWT-SVIDs.</summary>
    public const string Jwt = "urn:ietf:params:oauth:token-type:jwt";

    /// <summary>An OpenID Connect ID token; accepted as a subject token like <see cref="Jwt"/>.</summary>
    public const string IdToken = "urn:ietf:params:oauth:token-type:id_token";

    /// <summary>
    /// Bridge's URN for an X.509-SVID. No token type for SVIDs is registered with IANA, so Bridge uses a private one;
    /// the certificate chain travels in the response's <c>x5c</c> member.
    /// </summary>
    public const string X509Svid = "urn:bridge:params:oauth:token-type:x509-svid";
}
