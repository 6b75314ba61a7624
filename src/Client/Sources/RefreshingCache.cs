using Bridge.Client.Exchange;
using Microsoft.Extensions.Logging;

namespace Bridge.Client.Sources;

/// <summary>
/// One cached credential with single-flight refresh at half its lifetime. While Bridge is unavailable the cached value
/// is served until it actually expires; after that callers get the failure.
/// </summary>
internal sealed class RefreshingCache<T>
    where T : class
{
    private readonly Func<CancellationToken, Task<T>> _fetch;
    private readonly Func<T, (DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt)> _lifetime;
    private readonly TimeProvider _time;
    private readonly TimeSpan _retryInterval;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private Entry? _current;
    private Task<Entry>? _inflight;
    private DateTimeOffset _nextAttemptAt;

    public RefreshingCache(
        Func<CancellationToken, Task<T>> fetch,
        Func<T, (DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt)> lifetime,
        TimeProvider time,
        TimeSpan retryInterval,
        ILogger logger)
    {
        _fetch = fetch;
        _lifetime = lifetime;
        _time = time;
        _retryInterval = retryInterval;
        _logger = logger;
    }

    /// <summary>The cached value if it has not expired, without fetching.</summary>
    public T? Current
    {
        get
        {
            var current = Volatile.Read(ref _current);
            return current is not null && _time.GetUtcNow() < current.ExpiresAt ? current.Value : null;
        }
    }

    public async ValueTask<T> GetAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var current = Volatile.Read(ref _current);
        if (current is not null && now < current.RefreshAt)
        {
            return current.Value;
        }

        Task<Entry> flight;
        lock (_lock)
        {
            current = _current;
            if (current is not null && now < current.RefreshAt)
            {
                return current.Value;
            }

            // A recent refresh failed and the cached value is still good: do not hammer Bridge on every call.
            if (current is not null && now < current.ExpiresAt && now < _nextAttemptAt && _inflight is null)
            {
                return current.Value;
            }

            // Single flight: every caller awaits the same exchange, which runs on its own (a caller giving up must
            // not fail the others); the client's total timeout bounds it.
            flight = _inflight ??= RefreshAsync();
        }

        try
        {
            return (await flight.WaitAsync(cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (BridgeExchangeException ex) when (ex.IsTransient && current is not null && _time.GetUtcNow() < current.ExpiresAt)
        {
            Log.ServingCached(_logger, ex.Error, current.ExpiresAt);
            return current.Value;
        }
    }

    private async Task<Entry> RefreshAsync()
    {
        await Task.Yield();
        try
        {
            var value = await _fetch(CancellationToken.None).ConfigureAwait(false);
            var (issuedAt, expiresAt) = _lifetime(value);
            var entry = new Entry(value, issuedAt + ((expiresAt - issuedAt) / 2), expiresAt);
            lock (_lock)
            {
                _current = entry;
                _inflight = null;
            }

            return entry;
        }
        catch (Exception ex)
        {
            lock (_lock)
            {
                if (ex is BridgeExchangeException { IsTransient: true })
                {
                    _nextAttemptAt = _time.GetUtcNow() + _retryInterval;
                }

                _inflight = null;
            }

            throw;
        }
    }

    private sealed record Entry(T Value, DateTimeOffset RefreshAt, DateTimeOffset ExpiresAt);
}
