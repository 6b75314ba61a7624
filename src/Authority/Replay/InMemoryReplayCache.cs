using Bridge.Abstractions.Replay;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Replay;

/// <summary>
/// Single-use enforcement in process memory: for tests and single-instance local runs (production instances share a
/// store-backed cache). A key is refused until its <c>notAfter</c> passes. Expired records are purged as calls come
/// in, and the number of live records is bounded: when full, new keys are refused rather than forgetting a live one.
/// A <c>notAfter</c> that is not in the future is refused too: such a record could not outlive the evidence, so an
/// attestor that allows clock skew must pass the evidence's expiry plus that skew.
/// </summary>
public sealed class InMemoryReplayCache : IReplayCache
{
    private readonly TimeProvider _timeProvider;
    private readonly int _maxEntries;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _notAfterByKey = new(StringComparer.Ordinal);

    // Orders records by expiry so purging is cheap; an item whose key has since been reused is stale and skipped.
    private readonly PriorityQueue<string, DateTimeOffset> _expiryQueue = new();

    /// <summary>Creates a cache.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public InMemoryReplayCache(TimeProvider timeProvider, IOptions<InMemoryReplayCacheOptions>? options = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var settings = options?.Value ?? new InMemoryReplayCacheOptions();
        var check = new InMemoryReplayCacheOptionsValidator().Validate(Options.DefaultName, settings);
        if (check.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(InMemoryReplayCacheOptions), check.Failures);
        }

        _timeProvider = timeProvider;
        _maxEntries = settings.MaxEntries;
    }

    /// <summary>The number of records held, live or not yet purged.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _notAfterByKey.Count;
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> TryUseAsync(string key, DateTimeOffset notAfter, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            PurgeExpired(now);
            if (notAfter <= now || _notAfterByKey.ContainsKey(key) || _notAfterByKey.Count >= _maxEntries)
            {
                return ValueTask.FromResult(false);
            }

            _notAfterByKey.Add(key, notAfter);
            _expiryQueue.Enqueue(key, notAfter);
            return ValueTask.FromResult(true);
        }
    }

    private void PurgeExpired(DateTimeOffset now)
    {
        while (_expiryQueue.TryPeek(out var key, out var notAfter) && notAfter <= now)
        {
            _expiryQueue.Dequeue();
            if (_notAfterByKey.TryGetValue(key, out var current) && current == notAfter)
            {
                _notAfterByKey.Remove(key);
            }
        }
    }
}
