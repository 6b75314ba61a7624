namespace Bridge.Authority.Agents;

/// <summary>Settings of the agent API (docs/agent-api.md). Section <c>Bridge:Agents</c>.</summary>
public sealed class AgentOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:Agents";

    /// <summary>The longest agent SVID any setting may ask for; the CA's own limit may be shorter.</summary>
    public static readonly TimeSpan MaxSvidTtl = TimeSpan.FromDays(7);

    /// <summary>The largest clock skew allowed between an agent and the service.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The lifetime of agent X.509-SVIDs issued at attestation and renewal (SPIRE's default: 1 hour). Never longer than
    /// the intermediate CA allows, whatever is set here.
    /// </summary>
    public TimeSpan SvidTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How far an agent's clock may differ from the service's when its proof-of-possession assertion is checked
    /// (<c>iat</c> in the future, <c>exp</c> in the past). Between 0 and 60 seconds.
    /// </summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
