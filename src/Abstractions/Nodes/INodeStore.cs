using Bridge.Spiffe.Id;

namespace Bridge.Abstractions.Nodes;

/// <summary>
/// Stores attested nodes for trust on first use (SPIRE's attested-node records). Every backend passes the node-store
/// conformance suite. A record that is not banned becomes <em>stale</em> once its <see cref="NodeRecord.SvidExpiresAt"/>
/// plus the store's expiry grace has passed: the node can no longer renew, a new attestation may replace it, and a
/// backend may delete it (DynamoDB TTL). Records are checked with <see cref="NodeRecords.ThrowIfInvalid"/>.
/// </summary>
public interface INodeStore
{
    /// <summary>The largest page <see cref="ListAsync"/> returns.</summary>
    const int MaxPageSize = 1000;

    /// <summary>Returns the record of <paramref name="agentId"/> (stale or not), or null.</summary>
    ValueTask<NodeRecord?> GetAsync(SpiffeId agentId, CancellationToken cancellationToken);

    /// <summary>
    /// Records a first attestation with revision 1. Fails with <see cref="NodeWriteStatus.AlreadyExists"/> when a record for
    /// the agent ID exists, unless it is stale (then it is replaced): of concurrent attempts for one agent ID exactly one
    /// succeeds. A banned record never becomes stale.
    /// </summary>
    /// <exception cref="ArgumentException">The record is invalid.</exception>
    ValueTask<NodeWriteResult> TryCreateAsync(NodeRecord node, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the record when its stored revision equals <c>node.Revision</c>; the stored copy gets the next revision.
    /// A mismatch returns <see cref="NodeWriteStatus.Conflict"/>, a banned record <see cref="NodeWriteStatus.Banned"/>,
    /// and nothing is written.
    /// </summary>
    /// <exception cref="ArgumentException">The record is invalid.</exception>
    ValueTask<NodeWriteResult> UpdateAsync(NodeRecord node, CancellationToken cancellationToken);

    /// <summary>Deletes (evicts) the record, lifting a ban; when <paramref name="expectedRevision"/> is given it must match.</summary>
    ValueTask<NodeWriteResult> DeleteAsync(SpiffeId agentId, long? expectedRevision, CancellationToken cancellationToken);

    /// <summary>Bans the node whatever its revision (an operator's decision wins over a racing renewal); idempotent.</summary>
    ValueTask<NodeWriteResult> BanAsync(SpiffeId agentId, CancellationToken cancellationToken);

    /// <summary>Lists records ordered by agent ID, a page at a time. Page tokens are opaque.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> is not between 1 and <see cref="MaxPageSize"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="pageToken"/> is malformed.</exception>
    ValueTask<NodeRecordPage> ListAsync(string? pageToken, int pageSize, CancellationToken cancellationToken);
}
