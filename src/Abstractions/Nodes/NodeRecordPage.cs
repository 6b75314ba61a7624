namespace Bridge.Abstractions.Nodes;

/// <summary>One page of node records ordered by agent ID (ordinal).</summary>
/// <param name="Nodes">The records of this page.</param>
/// <param name="NextPageToken">An opaque token for the next page; null on the last page.</param>
public sealed record NodeRecordPage(IReadOnlyList<NodeRecord> Nodes, string? NextPageToken);
