using Bridge.Abstractions.Replay;

namespace Bridge.Benchmarks;

/// <summary>
/// The real in-memory replay cache, fed a distinct key per call: a benchmark reuses one subject token millions of
/// times, which the cache would (rightly) refuse after the first. Records are kept one second instead of the token's
/// five minutes, so the cache holds a steady-state population (thousands of records, each inserted and later purged)
/// instead of growing by millions over a run, which would measure heap growth rather than the exchange.
/// </summary>
internal sealed class UniqueKeyReplayCache(IReplayCache inner, TimeProvider time) : IReplayCache
{
    private static readonly TimeSpan Retention = TimeSpan.FromSeconds(1);
    private long _counter;

    public ValueTask<ReplayUseResult> TryUseAsync(string key, DateTimeOffset notAfter, ReplayPolicy policy, CancellationToken cancellationToken)
    {
        var shortened = time.GetUtcNow() + Retention;
        return inner.TryUseAsync(
            key + "#" + Interlocked.Increment(ref _counter), notAfter < shortened ? notAfter : shortened, policy, cancellationToken);
    }
}
