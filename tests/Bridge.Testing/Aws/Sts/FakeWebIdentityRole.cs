namespace Bridge.Testing.Aws.Sts;

/// <summary>
/// An IAM role that trusts an OIDC provider, as its trust policy would say: <c>Federated</c> = the provider for
/// <paramref name="Issuer"/>, <c>StringEquals</c> on <c>&lt;provider&gt;:aud</c> = <paramref name="Audience"/> and
/// <c>&lt;provider&gt;:sub</c> = <paramref name="Subject"/> (the provider is the issuer URL without <c>https://</c>).
/// </summary>
/// <param name="RoleArn">The role's ARN, such as <c>arn:aws:iam::123456789012:role/Consumer</c>.</param>
/// <param name="Issuer">The provider URL; a token's <c>iss</c> must equal it.</param>
/// <param name="JwksUri">Where the provider's JWKS is fetched (over HTTP) for every call, as IAM would from <c>jwks_uri</c>.</param>
/// <param name="Audience">The client ID; a token's <c>aud</c> must contain it.</param>
/// <param name="Subject">The <c>sub</c> the trust condition requires.</param>
public sealed record FakeWebIdentityRole(string RoleArn, string Issuer, Uri JwksUri, string Audience, string Subject)
{
    /// <summary>The handler the JWKS is fetched through (for a provider on a test server); a plain socket handler if null.</summary>
    public HttpMessageHandler? JwksHandler { get; init; }

    /// <summary>The role's maximum session duration (3600 s unless set; IAM allows up to 43200).</summary>
    public int MaxSessionDurationSeconds { get; init; } = 3600;
}
