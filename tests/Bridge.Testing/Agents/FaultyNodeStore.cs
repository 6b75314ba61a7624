using Bridge.Abstractions;
using Bridge.Abstractions.Nodes;
using Bridge.Spiffe.Id;

namespace Bridge.Testing.Agents;

/// <summary>
/// A node store wrapper whose reads and conditional writes fail as an outage (<see cref="DependencyUnavailableException"/>)
/// while <see cref="Down"/> is set, and which counts the writes that reached the store.
/// </summary>
public sealed class FaultyNodeStore(INodeStore inner) : INodeStore
{
    private int _writes;

    /// <summary>While set, get, create and update throw as an outage.</summary>
    public bool Down { get; set; }

    /// <summary>How many creates and updates reached the inner store.</summary>
    public int Writes => Volatile.Read(ref _writes);

    /// <inheritdoc/>
    public ValueTask<NodeRecord?> GetAsync(SpiffeId agentId, CancellationToken cancellationToken) =>
        Down ? throw Outage() : inner.GetAsync(agentId, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<NodeWriteResult> TryCreateAsync(NodeRecord node, CancellationToken cancellationToken) =>
        Down ? throw Outage() : Count(inner.TryCreateAsync(node, cancellationToken));

    /// <inheritdoc/>
    public ValueTask<NodeWriteResult> UpdateAsync(NodeRecord node, CancellationToken cancellationToken) =>
        Down ? throw Outage() : Count(inner.UpdateAsync(node, cancellationToken));

    /// <inheritdoc/>
    public ValueTask<NodeWriteResult> DeleteAsync(SpiffeId agentId, long? expectedRevision, CancellationToken cancellationToken) =>
        inner.DeleteAsync(agentId, expectedRevision, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<NodeWriteResult> BanAsync(SpiffeId agentId, CancellationToken cancellationToken) => inner.BanAsync(agentId, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<NodeRecordPage> ListAsync(string? pageToken, int pageSize, CancellationToken cancellationToken) =>
        inner.ListAsync(pageToken, pageSize, cancellationToken);

    private ValueTask<NodeWriteResult> Count(ValueTask<NodeWriteResult> write)
    {
        Interlocked.Increment(ref _writes);
        return write;
    }

    private static DependencyUnavailableException Outage() => new("node store down");
}
