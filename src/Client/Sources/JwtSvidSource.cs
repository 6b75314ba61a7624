using Bridge.Client.DependencyInjection;
using Bridge.Client.Exchange;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bridge.Client.Sources;

/// <summary>
/// A cached JWT-SVID for one audience set: refreshed at half its lifetime, one exchange however many callers wait,
/// and while Bridge is unavailable the cached SVID is served until it actually expires.
/// </summary>
public sealed class JwtSvidSource
{
    private readonly RefreshingCache<IssuedJwtSvid> _cache;

    /// <summary>Creates a source; nothing is fetched until the first <see cref="FetchJwtSvidAsync"/>.</summary>
    /// <param name="client">The exchange client.</param>
    /// <param name="audiences">The audiences every SVID of this source carries.</param>
    /// <param name="timeProvider">The clock that decides refresh and expiry.</param>
    /// <param name="spiffeId">The SPIFFE ID wanted, when several registration entries apply.</param>
    /// <param name="ttl">An upper bound on each SVID's lifetime.</param>
    /// <param name="refreshRetryInterval">After a failed refresh, how long the cached SVID is served before trying again (default 5 s).</param>
    /// <param name="logger">Logs refresh failures (codes only).</param>
    public JwtSvidSource(
        BridgeExchangeClient client,
        IEnumerable<string> audiences,
        TimeProvider timeProvider,
        SpiffeId? spiffeId = null,
        TimeSpan? ttl = null,
        TimeSpan? refreshRetryInterval = null,
        ILogger<JwtSvidSource>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(audiences);
        ArgumentNullException.ThrowIfNull(timeProvider);
        string[] audienceSet = [.. audiences.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        if (audienceSet.Length is 0 or > 16 || audienceSet.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Between 1 and 16 non-blank audiences are required.", nameof(audiences));
        }

        Audiences = audienceSet;
        _cache = new RefreshingCache<IssuedJwtSvid>(
            cancel => client.RequestJwtSvidAsync(audienceSet, spiffeId, ttl, cancel),
            svid => (svid.IssuedAt, svid.ExpiresAt),
            timeProvider,
            refreshRetryInterval ?? new BridgeClientOptions().RefreshRetryInterval,
            logger ?? (ILogger)NullLogger.Instance);
    }

    /// <summary>The audiences, distinct and sorted.</summary>
    public IReadOnlyList<string> Audiences { get; }

    /// <summary>
    /// Returns a JWT-SVID valid now: the cached one until half its lifetime, then a fresh one. If Bridge is unavailable
    /// the cached SVID is returned while it has not expired.
    /// </summary>
    /// <exception cref="BridgeExchangeException">No valid SVID could be obtained.</exception>
    public ValueTask<IssuedJwtSvid> FetchJwtSvidAsync(CancellationToken cancellationToken = default) => _cache.GetAsync(cancellationToken);
}
