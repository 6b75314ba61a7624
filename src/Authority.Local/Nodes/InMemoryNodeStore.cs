using Bridge.Abstractions.Nodes;
using Bridge.Authority.Hosting;
using Bridge.Authority.Paging;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Local.Nodes;

/// <summary>
/// Keeps attested-node records in process memory: for tests and single-process local runs. Thread-safe; writes are
/// conditional on the stored revision, and stale records (see <see cref="INodeStore"/>) are judged with the injected
/// <see cref="TimeProvider"/>.
/// </summary>
public sealed class InMemoryNodeStore : INodeStore
{
    private static readonly PageTokenCodec PageTokens = new("n1.", PageTokenCodec.IsSpiffeId);

    private readonly SortedDictionary<string, NodeRecord> _nodes = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _expiryGrace;

    /// <summary>Creates an empty store.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public InMemoryNodeStore(IOptions<InMemoryNodeStoreOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        OptionsCheck.ThrowIfInvalid(options.Value, new InMemoryNodeStoreOptionsValidator());

        _time = timeProvider;
        _expiryGrace = options.Value.ExpiryGrace;
    }

    /// <inheritdoc/>
    public ValueTask<NodeRecord?> GetAsync(SpiffeId agentId, CancellationToken cancellationToken)
    {
        NodeRecords.ThrowIfInvalidKey(agentId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return ValueTask.FromResult(_nodes.GetValueOrDefault(agentId.ToString()));
        }
    }

    /// <inheritdoc/>
    public ValueTask<NodeWriteResult> TryCreateAsync(NodeRecord node, CancellationToken cancellationToken)
    {
        NodeRecords.ThrowIfInvalid(node);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var key = node.AgentId.ToString();
            if (_nodes.TryGetValue(key, out var existing) && !NodeRecords.IsStale(existing, _time.GetUtcNow(), _expiryGrace))
            {
                return ValueTask.FromResult(new NodeWriteResult(NodeWriteStatus.AlreadyExists));
            }

            return ValueTask.FromResult(Store(key, node, revision: 1));
        }
    }

    /// <inheritdoc/>
    public ValueTask<NodeWriteResult> UpdateAsync(NodeRecord node, CancellationToken cancellationToken)
    {
        NodeRecords.ThrowIfInvalid(node);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var key = node.AgentId.ToString();
            var failure = Check(key, node.Revision);
            return ValueTask.FromResult(failure is { } status ? new NodeWriteResult(status) : Store(key, node, node.Revision + 1));
        }
    }

    /// <inheritdoc/>
    public ValueTask<NodeWriteResult> DeleteAsync(SpiffeId agentId, long? expectedRevision, CancellationToken cancellationToken)
    {
        NodeRecords.ThrowIfInvalidKey(agentId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var key = agentId.ToString();
            if (!_nodes.TryGetValue(key, out var existing))
            {
                return ValueTask.FromResult(new NodeWriteResult(NodeWriteStatus.NotFound));
            }

            if (expectedRevision is { } expected && existing.Revision != expected)
            {
                return ValueTask.FromResult(new NodeWriteResult(NodeWriteStatus.Conflict));
            }

            _nodes.Remove(key);
            return ValueTask.FromResult(new NodeWriteResult(NodeWriteStatus.Succeeded));
        }
    }

    /// <inheritdoc/>
    public ValueTask<NodeWriteResult> BanAsync(SpiffeId agentId, CancellationToken cancellationToken)
    {
        NodeRecords.ThrowIfInvalidKey(agentId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var key = agentId.ToString();
            return ValueTask.FromResult(_nodes.TryGetValue(key, out var existing)
                ? Store(key, existing with { Banned = true }, existing.Revision + 1)
                : new NodeWriteResult(NodeWriteStatus.NotFound));
        }
    }

    /// <inheritdoc/>
    public ValueTask<NodeRecordPage> ListAsync(string? pageToken, int pageSize, CancellationToken cancellationToken)
    {
        var after = NodePages.After(pageToken, pageSize, PageTokens);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return ValueTask.FromResult(NodePages.Take(_nodes, after, pageSize, PageTokens));
        }
    }

    private NodeWriteStatus? Check(string key, long expectedRevision)
    {
        if (!_nodes.TryGetValue(key, out var existing))
        {
            return NodeWriteStatus.NotFound;
        }

        if (existing.Banned)
        {
            return NodeWriteStatus.Banned;
        }

        return existing.Revision == expectedRevision ? null : NodeWriteStatus.Conflict;
    }

    private NodeWriteResult Store(string key, NodeRecord node, long revision)
    {
        // Lists are copied so that a caller changing its own afterwards cannot change what is stored.
        var stored = node with { Selectors = [.. node.Selectors], Revision = revision };
        _nodes[key] = stored;
        return new NodeWriteResult(NodeWriteStatus.Succeeded, stored);
    }
}
