using Bridge.Abstractions.State;
using Bridge.Authority.Local.State;

namespace Bridge.Authority.Aws.Tests.Kms.Envelope;

/// <summary>An in-memory state store that counts reads and can run an action (another writer) just before the next write.</summary>
internal sealed class RecordingStateStore : IAuthorityStateStore
{
    private readonly InMemoryAuthorityStateStore _inner = new();
    private Func<Task>? _beforeNextWrite;

    public int Reads { get; private set; }

    public int Writes { get; private set; }

    public void BeforeNextWrite(Func<Task> action) => _beforeNextWrite = action;

    public Task<StateDocument?> GetAsync(string name, CancellationToken cancellationToken)
    {
        Reads++;
        return _inner.GetAsync(name, cancellationToken);
    }

    public async Task<StateDocument?> TryWriteAsync(string name, ReadOnlyMemory<byte> content, long expectedRevision, CancellationToken cancellationToken)
    {
        if (_beforeNextWrite is { } action)
        {
            _beforeNextWrite = null;
            await action();
        }

        Writes++;
        return await _inner.TryWriteAsync(name, content, expectedRevision, cancellationToken);
    }
}
