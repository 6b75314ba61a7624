
namespace Bridge.Authority.Local.Replay;

/// <summary>Settings of <see cref="InMemoryReplayCache"/>.</summary>
public sealed class InMemoryReplayCacheOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:Replay:InMemory";

    /// <summary>The default for <see cref="MaxEntries"/>.</summary>
    public const int DefaultMaxEntries = 100_000;

    /// <summary>
    /// The most live records kept. When full, new keys are refused (fail closed) rather than forgetting a record that
    /// still guards a piece of evidence.
    /// </summary>
    public int MaxEntries { get; set; } = DefaultMaxEntries;
}
