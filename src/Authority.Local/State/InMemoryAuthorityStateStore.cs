using Bridge.Abstractions.State;

namespace Bridge.Authority.Local.State;

/// <summary>Keeps state documents in process memory: for tests and single-process local runs.</summary>
public sealed class InMemoryAuthorityStateStore : IAuthorityStateStore
{
    private readonly Dictionary<string, StateDocument> _documents = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <inheritdoc/>
    public Task<StateDocument?> GetAsync(string name, CancellationToken cancellationToken)
    {
        StateDocumentNames.ThrowIfInvalid(name);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(_documents.GetValueOrDefault(name));
        }
    }

    /// <inheritdoc/>
    public Task<StateDocument?> TryWriteAsync(string name, ReadOnlyMemory<byte> content, long expectedRevision, CancellationToken cancellationToken)
    {
        StateDocumentNames.ThrowIfInvalidWrite(name, content, expectedRevision);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var current = _documents.GetValueOrDefault(name)?.Revision ?? 0;
            if (current != expectedRevision)
            {
                return Task.FromResult<StateDocument?>(null);
            }

            // Copied so that a caller reusing its buffer cannot change what is stored.
            var stored = new StateDocument(name, expectedRevision + 1, content.ToArray());
            _documents[name] = stored;
            return Task.FromResult<StateDocument?>(stored);
        }
    }
}
