namespace Bridge.Protocol;

/// <summary>Form parameter names of <c>POST /token</c>.</summary>
public static class TokenExchangeParameters
{
    /// <summary>RFC 6749 grant type.</summary>
    public const string GrantType = "grant_type";

    /// <summary>RFC 8693 subject token.</summary>
    public const string SubjectToken = "subject_token";

    /// <summary>RFC 8693 subject token type.</summary>
    public const string SubjectTokenType = "subject_token_type";

    /// <summary>RFC 8693 requested token type.</summary>
    public const string RequestedTokenType = "requested_token_type";

    /// <summary>RFC 8693 audience (repeatable): the JWT-SVID <c>aud</c> values.</summary>
    public const string Audience = "audience";

    /// <summary>RFC 8693 / RFC 8707 resource: the SPIFFE ID wanted when several apply.</summary>
    public const string Resource = "resource";

    /// <summary>Bridge extension: the PKCS#10 request for an X.509-SVID (PEM, or base64/base64url DER).</summary>
    public const string Csr = "csr";

    /// <summary>Bridge extension: the requested lifetime in seconds (an upper bound; never extends the entry's).</summary>
    public const string Ttl = "ttl";

    /// <summary>Parameters RFC 8693 defines that Bridge does not support (delegation, scopes): refused, not ignored.</summary>
    public static readonly IReadOnlySet<string> Unsupported = new HashSet<string>(StringComparer.Ordinal)
    {
        "actor_token", "actor_token_type", "scope",
    };

    /// <summary>Every accepted parameter.</summary>
    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        GrantType, SubjectToken, SubjectTokenType, RequestedTokenType, Audience, Resource, Csr, Ttl,
    };
}
