
namespace Bridge.Authority.Local.State;

/// <summary>Settings of <see cref="FileAuthorityStateStore"/>. Bound from configuration section <c>Bridge:State:File</c>.</summary>
public sealed class FileAuthorityStateStoreOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:State:File";

    /// <summary>
    /// The directory that holds one file per state document. It is created owner-only (0700) when missing; an existing
    /// directory must not be writable by group or others.
    /// </summary>
    public string Directory { get; set; } = string.Empty;

    /// <summary>How long a write waits for another writer's lock on the same document before giving up (default 10 s).</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
