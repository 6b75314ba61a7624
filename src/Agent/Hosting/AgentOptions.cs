namespace Bridge.Agent.Hosting;

/// <summary>
/// The settings every part of the agent shares (section <c>BridgeAgent</c>). Each part has its own subsection:
/// <c>NodeAttestor</c>, <c>WorkloadAttestors</c>, <c>Cache</c>, <c>Health</c>, <c>WorkloadApi</c> (docs/agent.md).
/// </summary>
public sealed class AgentOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BridgeAgent";

    /// <summary>
    /// The exchange's base URL, e.g. <c>https://bridge.example.org</c> (the agent API is under <c>/agent/v1</c>). Plain
    /// <c>http</c> only for a loopback address.
    /// </summary>
    public Uri? ServerUrl { get; set; }

    /// <summary>The trust domain the agent serves, e.g. <c>example.org</c>: the server's answers must be of this trust domain.</summary>
    public string? TrustDomain { get; set; }

    /// <summary>Where the agent keeps its SVID and key (owner-only), so that a restart does not attest again.</summary>
    public string DataDirectory { get; set; } = "/var/lib/bridge-agent";
}
