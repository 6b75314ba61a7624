namespace Bridge.Authority.Local.Hosting;

/// <summary>The names that choose the local backends in <c>Bridge:Backends</c>.</summary>
public static class LocalBackends
{
    /// <summary>Files on this machine (owner-only): keys, rotation state, registration entries, node records.</summary>
    public const string File = "File";

    /// <summary>This process's memory: everything dies with it.</summary>
    public const string InMemory = "InMemory";

    /// <summary>
    /// The <c>Bridge:Backends</c> settings of a service that keeps everything in this process's memory and writes no
    /// file: what <c>bridge demo</c>, the tests and the benchmarks start. Nothing survives the process.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> InMemorySettings { get; } = new Dictionary<string, string?>
    {
        ["Bridge:Backends:Keys"] = InMemory,
        ["Bridge:Backends:State"] = InMemory,
        ["Bridge:Backends:Registration"] = InMemory,
        ["Bridge:Backends:Nodes"] = InMemory,
        ["Bridge:Backends:Replay"] = InMemory,
        ["Bridge:Backends:RootCertificateFile"] = string.Empty,
    };
}
