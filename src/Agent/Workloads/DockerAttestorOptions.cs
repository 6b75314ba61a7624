namespace Bridge.Agent.Workloads;

/// <summary>Settings of the <c>docker</c> workload attestor (<c>BridgeAgent:WorkloadAttestors:Docker</c>).</summary>
public sealed class DockerAttestorOptions
{
    /// <summary>The default <see cref="Socket"/>.</summary>
    public const string DefaultSocket = "unix:///var/run/docker.sock";

    /// <summary>Whether the attestor runs (default false: only on hosts that run Docker).</summary>
    public bool Enabled { get; set; }

    /// <summary>The Docker Engine API socket, <c>unix://</c> and an absolute path (default <c>unix:///var/run/docker.sock</c>).</summary>
    public string Socket { get; set; } = DefaultSocket;

    /// <summary>How long one Docker Engine API call may take before the caller is refused (default 5 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
