namespace Bridge.Agent.Cache;

/// <summary>The health endpoint's listener (section <c>BridgeAgent:Health</c>, docs/agent/cache.md).</summary>
public sealed class AgentHealthOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BridgeAgent:Health";

    /// <summary>
    /// The loopback address and port of <c>GET /health</c> (HTTP/1.1), e.g. <c>127.0.0.1:8788</c> or <c>[::1]:8788</c>;
    /// empty switches the endpoint off. Only loopback addresses are accepted: health is for the host, never the network.
    /// </summary>
    public string? Listen { get; set; } = "127.0.0.1:8788";
}
