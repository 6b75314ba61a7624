using Bridge.Agent.Hosting;
using Bridge.Agent.Server;
using Bridge.Spiffe.Bundle;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Cache;

/// <summary>
/// One round of the cache's work, run by <see cref="IdentitySyncService"/>: sync the entries (a 304 when nothing changed),
/// drop what is no longer authorized or has expired, mint what is missing, changed or due for renewal, and publish one
/// snapshot if anything changed. Runs on one thread at a time; the state below is the loop's own.
/// </summary>
internal sealed partial class IdentitySynchronizer
{
    private readonly IAgentServerClient _client;
    private readonly WorkloadIdentityCache _cache;
    private readonly TimeProvider _time;
    private readonly IdentityCacheOptions _options;
    private readonly TrustDomain _trustDomain;
    private readonly X509SvidMinter _minter;
    private readonly ILogger _logger;
    private readonly Dictionary<string, HeldSvid> _svids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AuthorizedEntry> _refused = new(StringComparer.Ordinal);
    private string? _revision;
    private IReadOnlyList<AuthorizedEntry> _entries = [];
    private SpiffeBundle? _bundle;
    private DateTimeOffset? _syncedAt;

    // Set by every change to what is held and cleared by a publish, so a change made by a round that then failed
    // unexpectedly is still published by the next round, even if that one is a 304.
    private bool _unpublished;

    public IdentitySynchronizer(
        IAgentServerClient client,
        WorkloadIdentityCache cache,
        TimeProvider time,
        IOptions<IdentityCacheOptions> options,
        IOptions<AgentOptions> agentOptions,
        ILogger<IdentitySynchronizer> logger)
    {
        _client = client;
        _cache = cache;
        _time = time;
        _options = options.Value;
        _trustDomain = TrustDomain.Parse(agentOptions.Value.TrustDomain!);
        _minter = new X509SvidMinter(client, time, _options.MaxBatchSize);
        _logger = logger;
    }

    /// <summary>Runs one round and returns how long to wait before the next.</summary>
    public async Task<TimeSpan> SyncOnceAsync(CancellationToken cancellationToken)
    {
        AgentServerException? failure = null;
        try
        {
            var sync = await _client.GetEntriesAsync(_revision, cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            if (sync is null)
            {
                // A 304 confirms what we hold; without a revision there is nothing it could confirm.
                if (_revision is null)
                {
                    throw new AgentServerException(AgentServerFailure.InvalidResponse, "GET /agent/v1/entries: 304 to a request without a revision.");
                }

                CacheLog.EntriesUnchanged(_logger, _revision);
            }
            else
            {
                Apply(Validated(sync));
                _unpublished = true;
            }

            _syncedAt = now;
            _cache.RecordSynced(now);
            _unpublished |= DropExpired(now);
            var outcome = await MintDueAsync(now, cancellationToken).ConfigureAwait(false);
            _unpublished |= outcome.Minted.Count > 0;
            failure = outcome.Failure;
        }
        catch (AgentServerException exception)
        {
            failure = exception;
        }

        var after = _time.GetUtcNow();
        _unpublished |= DropExpired(after);
        if (_unpublished)
        {
            _unpublished = false;
            var snapshot = _cache.Publish(Identities(), _bundle, _syncedAt);
            CacheLog.SnapshotPublished(_logger, snapshot.Version, snapshot.Identities.Count, _svids.Count);
        }

        return failure is null ? Succeeded(after) : Failed(failure, after);
    }

    /// <summary>After a round that could not finish: wait the backoff, never past the next expiry.</summary>
    public TimeSpan AfterCrash(DateTimeOffset now)
    {
        var delay = Bounded(Backoff(_cache.Status.ConsecutiveFailures + 1), now);
        _cache.RecordRoundFailed(AgentServerFailure.Unavailable);
        return delay;
    }

    private TimeSpan Succeeded(DateTimeOffset now)
    {
        var failures = _cache.Status.ConsecutiveFailures;
        if (failures > 0)
        {
            CacheLog.SyncRecovered(_logger, failures);
        }

        _cache.RecordRoundSucceeded();
        return Bounded(_options.SyncInterval, now);
    }

    private TimeSpan Failed(AgentServerException failure, DateTimeOffset now)
    {
        if (failure.Failure == AgentServerFailure.InvalidResponse)
        {
            CacheLog.InvalidAnswer(_logger, failure.Message);
        }

        // A server that asks for a pause gets it, but never beyond the sync interval: cached SVIDs keep expiring.
        var backoff = Backoff(_cache.Status.ConsecutiveFailures + 1);
        if (failure.RetryAfter is { } retryAfter && retryAfter > backoff)
        {
            backoff = retryAfter < _options.SyncInterval ? retryAfter : _options.SyncInterval;
        }

        _cache.RecordRoundFailed(failure.Failure);
        var delay = Bounded(backoff, now);
        if (failure.Failure == AgentServerFailure.Unauthenticated)
        {
            CacheLog.Unauthenticated(_logger, failure.StatusCode, delay);
        }
        else
        {
            CacheLog.SyncFailed(_logger, failure.Failure, failure.StatusCode, delay);
        }

        return delay;
    }

    /// <summary>Exponential from RetryBackoffMin to RetryBackoffMax, each wait drawn from its upper half (jitter).</summary>
    private TimeSpan Backoff(int failures)
    {
        var ceiling = _options.RetryBackoffMin * Math.Pow(2, Math.Min(failures - 1, 30));
        if (ceiling > _options.RetryBackoffMax)
        {
            ceiling = _options.RetryBackoffMax;
        }

        return ceiling * (0.5 + (Random.Shared.NextDouble() / 2));
    }

    /// <summary>Wakes no later than the next renewal or expiry, so an SVID is renewed on time and dropped the moment it expires.</summary>
    private TimeSpan Bounded(TimeSpan delay, DateTimeOffset now)
    {
        var wake = now + delay;
        foreach (var held in _svids.Values)
        {
            if (held.RenewAfter > now && held.RenewAfter < wake)
            {
                wake = held.RenewAfter;
            }

            if (held.Svid.ExpiresAt > now && held.Svid.ExpiresAt < wake)
            {
                wake = held.Svid.ExpiresAt;
            }
        }

        return wake - now;
    }
}
