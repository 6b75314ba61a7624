namespace Bridge.Agent.Workloads;

/// <summary>Settings of the <c>unix</c> workload attestor (<c>BridgeAgent:WorkloadAttestors:Unix</c>).</summary>
public sealed class UnixAttestorOptions
{
    /// <summary>The default <see cref="HashMaxBytes"/>: 256 MiB.</summary>
    public const long DefaultHashMaxBytes = 256L * 1024 * 1024;

    /// <summary>Whether the attestor runs (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Whether the caller's executable is hashed for the <c>unix:sha256:</c> selector (default true).</summary>
    public bool HashExecutable { get; set; } = true;

    /// <summary>
    /// Executables larger than this many bytes are not hashed (no <c>unix:sha256:</c> selector, logged), so that one
    /// caller cannot make the agent read gigabytes. Default 256 MiB.
    /// </summary>
    public long HashMaxBytes { get; set; } = DefaultHashMaxBytes;
}
