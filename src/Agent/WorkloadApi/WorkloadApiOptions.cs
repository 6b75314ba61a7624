namespace Bridge.Agent.WorkloadApi;

/// <summary>The Workload API server's settings (section <c>BridgeAgent:WorkloadApi</c>).</summary>
public sealed class WorkloadApiOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BridgeAgent:WorkloadApi";

    /// <summary>The default socket, as workloads find it in <c>SPIFFE_ENDPOINT_SOCKET</c>.</summary>
    public const string DefaultSocketPath = "unix:///run/bridge/agent.sock";

    /// <summary>The default largest request message: every Workload API request is a few hundred bytes at most.</summary>
    public const int DefaultMaxMessageBytes = 64 * 1024;

    /// <summary>
    /// The Unix socket the API is served on: the Workload Endpoint's URI form <c>unix:///abs/path</c> or a plain absolute
    /// path. TCP is refused: a TCP caller cannot be identified by the kernel.
    /// </summary>
    public string SocketPath { get; set; } = DefaultSocketPath;

    /// <summary>The largest request message accepted (bytes); larger ones end the call with ResourceExhausted.</summary>
    public int MaxMessageBytes { get; set; } = DefaultMaxMessageBytes;
}
