namespace Bridge.Agent.Node;

/// <summary>
/// Node attestation and agent API client settings (section <c>BridgeAgent:NodeAttestor</c>, docs/agent/node-attestation.md).
/// The defaults attest an EC2 instance through IMDSv2 with nothing else set.
/// </summary>
public sealed class NodeAttestorOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BridgeAgent:NodeAttestor";

    /// <summary>The EC2 instance identity document node attestor.</summary>
    public const string AwsIid = "aws_iid";

    /// <summary>The ECS Fargate (STS web identity token) node attestor.</summary>
    public const string AwsSts = "aws_sts";

    /// <summary>The attestor's own subsection (<c>BridgeAgent:NodeAttestor:AwsSts</c>), read by the <c>aws_sts</c> evidence provider.</summary>
    public const string AwsStsSubsection = "AwsSts";

    /// <summary>Which node attestor the agent uses: <c>aws_iid</c> (EC2, the default) or <c>aws_sts</c> (ECS Fargate).</summary>
    public string Attestor { get; set; } = AwsIid;

    /// <summary>The instance metadata service (IMDSv2) base URL.</summary>
    public Uri ImdsEndpoint { get; set; } = new("http://169.254.169.254");

    /// <summary>How long one IMDS call may take (token or document).</summary>
    public TimeSpan ImdsTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// When true, a re-attestation (data lost, or the agent SVID refused) carries a fresh STS <c>GetWebIdentityToken</c>
    /// JWT requested with the instance role, the presence proof of a safe re-attestation (docs/agent-api.md).
    /// </summary>
    public bool ReattestWithWebIdentityToken { get; set; }

    /// <summary>
    /// The audience of that token: it must be the exchange's OIDC attestor audience (<c>Bridge:Attestors:Oidc:Audience</c>,
    /// whose default is <c>bridge</c>).
    /// </summary>
    public string WebIdentityTokenAudience { get; set; } = "bridge";

    /// <summary>An STS endpoint replacing the Region's (VPC endpoints, tests). The Region still comes from IMDS.</summary>
    public Uri? StsEndpoint { get; set; }

    /// <summary>
    /// The exchange's issuer URL (<c>Bridge:Authority:Issuer</c>), the <c>aud</c> of every proof-of-possession assertion.
    /// Compared as a string, so give it exactly (a trailing slash matters). When unset the agent reads it once from <c>ServerUrl</c>'s <c>/.well-known/openid-configuration</c>.
    /// </summary>
    public string? ServerIssuer { get; set; }

    /// <summary>How long one call to the exchange may take.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
