using Bridge.Abstractions.Replay;
using Bridge.Authority.Hosting;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Local.Replay;

/// <summary>
/// Replay enforcement in process memory: for tests and single-instance local runs (production instances share a
/// store-backed cache). A key is refused once its policy's uses are spent, until the <c>notAfter</c> of its first use
/// passes. Expired records are purged as calls come in, and the number of live records is bounded: when full, new keys
/// are answered <see cref="ReplayUseResult.Full"/> rather than forgetting a live record.
/// A <c>notAfter</c> that is not in the future is refused too: such a record could not outlive the evidence, so an
/// attestor that allows clock skew must pass the evidence's expiry plus that skew.
/// </summary>
public sealed class InMemoryReplayCache : IReplayCache
{
    private readonly TimeProvider _timeProvider;
    private readonly int _maxEntries;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, UseRecord> _recordByKey = new(StringComparer.Ordinal);

    // Orders records by expiry so purging is cheap; an item whose key has since been reused is stale and skipped.
    private readonly PriorityQueue<string, DateTimeOffset> _expiryQueue = new();

    /// <summary>Creates a cache.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public InMemoryReplayCache(TimeProvider timeProvider, IOptions<InMemoryReplayCacheOptions>? options = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var settings = options?.Value ?? new InMemoryReplayCacheOptions();
        OptionsCheck.ThrowIfInvalid(settings, new InMemoryReplayCacheOptionsValidator());

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
                return _recordByKey.Count;
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask<ReplayUseResult> TryUseAsync(string key, DateTimeOffset notAfter, ReplayPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var now = _timeProvider.GetUtcNow();
            PurgeExpired(now);
            if (notAfter <= now)
            {
                return ValueTask.FromResult(ReplayUseResult.AlreadyUsed);
            }

            if (_recordByKey.TryGetValue(key, out var record))
            {
                // The lock makes the check and the count one step, so concurrent uses get exactly MaxUses acceptances.
                if (record.Uses >= policy.MaxUses)
                {
                    return ValueTask.FromResult(ReplayUseResult.AlreadyUsed);
                }

                record.Uses++;
                return ValueTask.FromResult(ReplayUseResult.Accepted);
            }

            if (_recordByKey.Count >= _maxEntries)
            {
                return ValueTask.FromResult(ReplayUseResult.Full);
            }

            _recordByKey.Add(key, new UseRecord(notAfter));
            _expiryQueue.Enqueue(key, notAfter);
            return ValueTask.FromResult(ReplayUseResult.Accepted);
        }
    }

    private void PurgeExpired(DateTimeOffset now)
    {
        while (_expiryQueue.TryPeek(out var key, out var notAfter) && notAfter <= now)
        {
            _expiryQueue.Dequeue();
            if (_recordByKey.TryGetValue(key, out var current) && current.NotAfter == notAfter)
            {
                _recordByKey.Remove(key);
            }
        }
    }

    /// <summary>A live record: kept until the first use's <c>notAfter</c>, counting the uses since.</summary>
    private sealed class UseRecord(DateTimeOffset notAfter)
    {
        public DateTimeOffset NotAfter { get; } = notAfter;

        public int Uses { get; set; } = 1;
    }
}
