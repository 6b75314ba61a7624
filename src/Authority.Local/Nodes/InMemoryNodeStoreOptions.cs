using Bridge.Abstractions.Nodes;

namespace Bridge.Authority.Local.Nodes;

/// <summary>Settings of <see cref="InMemoryNodeStore"/>.</summary>
public sealed class InMemoryNodeStoreOptions
{
    /// <summary>How long a record outlives its SVID before it is stale (see <see cref="INodeStore"/>). Between 0 and 365 days.</summary>
    public TimeSpan ExpiryGrace { get; set; } = NodeRecords.DefaultExpiryGrace;
}
