namespace Bridge.Attestors.AwsSts;

/// <summary>
/// Options of the <c>aws_sts</c> node attestor (configuration section <see cref="SectionName"/>), for agents on ECS
/// Fargate, which has no instance metadata service. The token itself is verified by the OIDC attestor's issuers of the
/// <c>AwsSts</c> profile (<c>Bridge:Attestors:Oidc</c>): no setting here touches the signature, issuer, audience or
/// lifetime checks.
/// </summary>
public sealed class AwsStsNodeAttestorOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Bridge:NodeAttestors:AwsSts";

    /// <summary>Turns the attestor on. Off by default: nodes cannot attest with STS web identity tokens.</summary>
    public bool Enabled { get; set; }

    /// <summary>The AWS accounts (12 digits) whose roles may attest nodes. Required unless <see cref="AllowAnyAccount"/>.</summary>
    public List<string> AllowedAccounts { get; set; } = [];

    /// <summary>
    /// Accepts roles of every account the configured STS issuers belong to, which must be said explicitly: every
    /// principal in those accounts allowed <c>sts:GetWebIdentityToken</c> can then run a node.
    /// </summary>
    public bool AllowAnyAccount { get; set; }

    /// <summary>
    /// When not empty, only these IAM role ARNs (<c>arn:aws:iam::123456789012:role/bridge-agent</c>, path included, compared
    /// exactly) may attest: the task roles of the agent sidecars. Empty: any role of an allowed account.
    /// </summary>
    public List<string> AllowedRoles { get; set; } = [];
}
