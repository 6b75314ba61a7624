using Bridge.Abstractions.Replay;

namespace Bridge.Benchmarks;

/// <summary>
/// The real in-memory replay cache, fed a distinct key per call: a benchmark reuses one subject token millions of
/// times, which the cache would (rightly) refuse after the first. The insert cost is still paid in full.
/// </summary>
internal sealed class UniqueKeyReplayCache(IReplayCache inner) : IReplayCache
{
    private long _counter;

    public ValueTask<bool> TryUseAsync(string key, DateTimeOffset notAfter, CancellationToken cancellationToken) =>
        inner.TryUseAsync(key + "#" + Interlocked.Increment(ref _counter), notAfter, cancellationToken);
}
