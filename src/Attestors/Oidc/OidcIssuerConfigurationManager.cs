using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Bridge.Attestors.Oidc;

/// <summary>
/// Caches one issuer's discovery document and JWKS, like IdentityModel's <c>ConfigurationManager</c> but driven by the
/// injected <see cref="TimeProvider"/> and refreshing inline behind a single-flight lock.
/// </summary>
/// <remarks>
/// IdentityModel 8.x <c>ConfigurationManager</c> reads the wall clock and, after the first forced refresh, refreshes in
/// a background task: a "request refresh then retry" would usually still see the old keys, and a background task can
/// stall in a frozen Lambda environment. This class keeps the library's seams (<see cref="IDocumentRetriever"/>,
/// <see cref="OpenIdConnectConfigurationRetriever"/>) and semantics (automatic refresh interval, rate-limited
/// <see cref="RequestRefresh"/>, stale metadata preferred over none) but fetches inline.
/// </remarks>
internal sealed class OidcIssuerConfigurationManager : IConfigurationManager<OpenIdConnectConfiguration>, IDisposable
{
    private readonly SemaphoreSlim _fetchLock = new(1, 1);
    private readonly Lock _refreshLock = new();
    private readonly string _issuer;
    private readonly string _metadataAddress;
    private readonly IDocumentRetriever _documentRetriever;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeSpan _automaticRefreshInterval;
    private readonly ILogger _logger;

    private OpenIdConnectConfiguration? _current;
    // Ticks rather than DateTimeOffset so the lock-free fast path cannot read a torn value.
    private long _syncAfterUtcTicks = DateTimeOffset.MinValue.UtcTicks;
    private DateTimeOffset? _lastForcedRefresh;
    private volatile bool _refreshRequested;

    public OidcIssuerConfigurationManager(
        string issuer,
        string metadataAddress,
        IDocumentRetriever documentRetriever,
        TimeSpan refreshInterval,
        TimeSpan automaticRefreshInterval,
        TimeProvider timeProvider,
        ILogger logger)
    {
        _issuer = issuer;
        _metadataAddress = metadataAddress;
        _documentRetriever = documentRetriever;
        _refreshInterval = refreshInterval;
        _automaticRefreshInterval = automaticRefreshInterval;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>True when the most recent fetch attempt failed (the configuration returned may be stale).</summary>
    public bool LastFetchFailed { get; private set; }

    /// <summary>Returns the cached configuration, fetching it first when missing, due, or a refresh was requested.</summary>
    /// <exception cref="OidcMetadataUnavailableException">No configuration could be obtained.</exception>
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && !_refreshRequested && _timeProvider.GetUtcNow().UtcTicks < Volatile.Read(ref _syncAfterUtcTicks))
        {
            return current;
        }

        await _fetchLock.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            var now = _timeProvider.GetUtcNow();
            if (_current is not null && !_refreshRequested && now.UtcTicks < _syncAfterUtcTicks)
            {
                return _current;
            }

            if (_current is null && now.UtcTicks < _syncAfterUtcTicks)
            {
                // A recent fetch failed: back off rather than let every request hit the issuer.
                throw new OidcMetadataUnavailableException("The issuer metadata is unavailable (backing off after a failed fetch).");
            }

            _refreshRequested = false;
            try
            {
                var configuration = await OpenIdConnectConfigurationRetriever
                    .GetAsync(_metadataAddress, _documentRetriever, cancel)
                    .ConfigureAwait(false);
                if (!string.Equals(configuration.Issuer, _issuer, StringComparison.Ordinal))
                {
                    Log.DiscoveryIssuerMismatch(_logger, _issuer);
                    throw new OidcMetadataUnavailableException("The discovery document names a different issuer.");
                }

                Volatile.Write(ref _current, configuration);
                Volatile.Write(ref _syncAfterUtcTicks, (now + _automaticRefreshInterval).UtcTicks);
                LastFetchFailed = false;
                return configuration;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancel.IsCancellationRequested)
            {
                LastFetchFailed = true;
                Volatile.Write(ref _syncAfterUtcTicks, (now + _refreshInterval).UtcTicks);
                Log.MetadataFetchFailed(_logger, _issuer, ex.GetType().Name);
                if (_current is not null)
                {
                    return _current;
                }

                throw new OidcMetadataUnavailableException("The issuer metadata could not be fetched.", ex);
            }
        }
        finally
        {
            _fetchLock.Release();
        }
    }

    /// <summary>
    /// Asks the next <see cref="GetConfigurationAsync"/> to fetch again, at most once per refresh interval (measured
    /// with the injected time). Returns false when the request was suppressed by that rate limit.
    /// </summary>
    public bool TryRequestRefresh()
    {
        lock (_refreshLock)
        {
            var now = _timeProvider.GetUtcNow();
            if (_lastForcedRefresh is { } last && now - last < _refreshInterval)
            {
                return false;
            }

            _lastForcedRefresh = now;
            _refreshRequested = true;
            return true;
        }
    }

    /// <inheritdoc/>
    public void RequestRefresh() => TryRequestRefresh();

    /// <inheritdoc/>
    public void Dispose() => _fetchLock.Dispose();
}
