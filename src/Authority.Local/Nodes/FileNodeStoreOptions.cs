using Bridge.Abstractions.Nodes;

namespace Bridge.Authority.Local.Nodes;

/// <summary>Settings of <see cref="FileNodeStore"/>.</summary>
public sealed class FileNodeStoreOptions
{
    /// <summary>
    /// The node record file (format in <see cref="NodeRecordJson"/>). Its directory is created owner-only (0700) on the
    /// first write; an existing directory or file that group or others may write is refused.
    /// </summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>How long a record outlives its SVID before it is stale (see <see cref="INodeStore"/>). Between 0 and 365 days.</summary>
    public TimeSpan ExpiryGrace { get; set; } = NodeRecords.DefaultExpiryGrace;

    /// <summary>How long a write waits for another writer's lock (another process, such as <c>bridge agent</c>) before giving up.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
