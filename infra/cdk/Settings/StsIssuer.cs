namespace Bridge.Infrastructure.Settings;

/// <summary>
/// One workload account whose STS <c>GetWebIdentityToken</c> JWTs Bridge accepts. The issuer is account-specific
/// (<c>https://&lt;uuid&gt;.tokens.sts.global.api.aws</c>, from <c>aws iam get-outbound-web-identity-federation-info</c>),
/// so each account is its own attestor issuer.
/// </summary>
/// <param name="Account">The 12-digit account id; also the issuer's only allowed account.</param>
/// <param name="Issuer">The account's STS issuer URL, compared by Bridge with <c>iss</c> exactly.</param>
public sealed record StsIssuer(string Account, string Issuer)
{
    /// <summary>The attestor instance name; entries use the parent <c>spiffe://&lt;td&gt;/bridge/attestor/&lt;name&gt;</c>.</summary>
    public string AttestorName => "aws-sts-" + Account;
}
