using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.X509;

namespace Bridge.Spiffe.Tls;

/// <summary>
/// Mutual TLS for <see cref="HttpClient"/> that follows an <see cref="IX509SvidSource"/>. TLS client options are fixed
/// per connection pool, so each SVID gets its own pool: after a rotation new requests use a new pool presenting the
/// new SVID, and the previous pool is kept for responses still being read and disposed at the rotation after.
/// </summary>
public sealed class SpiffeHttpHandler : HttpMessageHandler
{
    private readonly IX509SvidSource _source;
    private readonly Func<SpiffeId, bool> _authorizePeer;
    private readonly TimeProvider _time;
    private readonly TimeSpan _connectionLifetime;
    private readonly Lock _lock = new();
    private Generation? _current;
    private Generation? _previous;
    private bool _disposed;

    /// <summary>Creates the handler; nothing is fetched until the first request.</summary>
    /// <param name="source">This side's rotating SVID and bundle.</param>
    /// <param name="authorizePeer">Which server SPIFFE IDs are acceptable.</param>
    /// <param name="timeProvider">The clock for chain validity.</param>
    /// <param name="connectionLifetime">How long a connection is reused (default 1 minute).</param>
    public SpiffeHttpHandler(IX509SvidSource source, Func<SpiffeId, bool> authorizePeer, TimeProvider timeProvider, TimeSpan? connectionLifetime = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(authorizePeer);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (connectionLifetime is { } lifetime && lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(connectionLifetime), "The connection lifetime must be positive.");
        }

        _source = source;
        _authorizePeer = authorizePeer;
        _time = timeProvider;
        _connectionLifetime = connectionLifetime ?? TimeSpan.FromMinutes(1);
    }

    /// <summary>How many connection pools (one per SVID) were created so far.</summary>
    internal int Generations { get; private set; }

    /// <inheritdoc/>
    /// <exception cref="Exception">The source has no valid SVID and could not get one (nothing is sent); the source documents which exception.</exception>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Awaiting the source also rotates the SVID when it is due.
        var svid = await _source.GetX509SvidAsync(cancellationToken).ConfigureAwait(false);
        return await InvokerFor(svid).SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_lock)
            {
                _disposed = true;
                _current?.Invoker.Dispose();
                _previous?.Invoker.Dispose();
                _current = _previous = null;
            }
        }

        base.Dispose(disposing);
    }

    private HttpMessageInvoker InvokerFor(X509Svid svid)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && ReferenceEquals(current.Svid, svid))
        {
            return current.Invoker;
        }

        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_current is not null && ReferenceEquals(_current.Svid, svid))
            {
                return _current.Invoker;
            }

            var handler = new SocketsHttpHandler
            {
                SslOptions = SpiffeTls.CreateClientOptions(svid, _source, _authorizePeer, _time),
                PooledConnectionLifetime = _connectionLifetime,
            };
            _previous?.Invoker.Dispose();
            _previous = _current;
            var next = new Generation(svid, new HttpMessageInvoker(handler, disposeHandler: true));
            Volatile.Write(ref _current, next);
            Generations++;
            return next.Invoker;
        }
    }

    private sealed record Generation(X509Svid Svid, HttpMessageInvoker Invoker);
}
