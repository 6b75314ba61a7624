namespace Bridge.Agent.Node.Sts;

/// <summary>
/// How the agent asks AWS STS <c>GetWebIdentityToken</c> for its <c>aws_sts</c> node evidence (section
/// <see cref="SectionName"/>), on ECS Fargate where there is no instance metadata service. Every setting has a default
/// that fits a task with <c>AWS_REGION</c> set (ECS sets it) talking to an exchange whose audience is
/// <c>&lt;ServerUrl&gt;/token</c>.
/// </summary>
public sealed class StsNodeEvidenceOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BridgeAgent:NodeAttestor:AwsSts";

    /// <summary>
    /// The Region whose STS endpoint issues the token (the global endpoint does not serve <c>GetWebIdentityToken</c>).
    /// Default: the environment's <c>AWS_REGION</c>, else <c>AWS_DEFAULT_REGION</c>.
    /// </summary>
    public string? Region { get; set; }

    /// <summary>
    /// The STS endpoint to call instead of the Region's public one, e.g. an interface VPC endpoint
    /// (<c>https://vpce-….sts.eu-west-1.vpce.amazonaws.com</c>). Plain <c>http</c> only for a loopback address.
    /// </summary>
    public Uri? StsEndpoint { get; set; }

    /// <summary>
    /// The token's audience: the exchange's OIDC audience (<c>Bridge:Attestors:Oidc:Audience</c>), which the server
    /// requires. Default <c>&lt;BridgeAgent:ServerUrl&gt;/token</c>, the deployment's default audience.
    /// </summary>
    public string? Audience { get; set; }

    /// <summary>The token's lifetime, 60 s to 1 h; default 5 min. It is spent at once, so short is better.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(5);
}
