using Bridge.Agent.Server;

namespace Bridge.Agent.Cache;

/// <summary>
/// JWT-SVIDs by (entry, SPIFFE ID, sorted distinct audiences): reused until <see cref="IdentityCacheOptions.RenewAt"/>
/// of their life, one mint in flight per key however many callers ask, at most
/// <see cref="IdentityCacheOptions.MaxCachedJwtSvids"/> kept (the oldest minted is dropped first), and through an outage
/// the cached token is served until it expires. Tokens are bearer credentials: never logged.
/// </summary>
internal sealed class JwtSvidCache(IAgentServerClient client, TimeProvider time, double renewAt, int capacity, ILogger<JwtSvidCache> logger)
{
    private const int MaxAudiences = 16;
    private const int MaxAudienceLength = 255;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, LinkedListNode<CachedJwtSvid>> _cached = new(StringComparer.Ordinal);
    private readonly LinkedList<CachedJwtSvid> _oldestFirst = new();
    private readonly Dictionary<string, Task<MintedJwtSvid>> _inFlight = new(StringComparer.Ordinal);

    /// <summary>How many JWT-SVIDs are cached.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _cached.Count;
            }
        }
    }

    public async ValueTask<IReadOnlyList<MintedJwtSvid>> FetchAsync(
        IReadOnlyList<CachedIdentity> identities, IReadOnlyList<string> audience, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identities);
        var audiences = NormalizeAudience(audience);
        if (identities.Count == 0)
        {
            return [];
        }

        var fetches = identities.Select(identity => GetAsync(identity.Entry, audiences, cancellationToken)).ToArray();
        return await Task.WhenAll(fetches).ConfigureAwait(false);
    }

    /// <summary>1–16 distinct values, none blank or over 255 characters; sorted ordinally (the cache key and the request).</summary>
    internal static string[] NormalizeAudience(IReadOnlyList<string> audience)
    {
        ArgumentNullException.ThrowIfNull(audience);
        foreach (var value in audience)
        {
            if (string.IsNullOrWhiteSpace(value) || value.Length > MaxAudienceLength)
            {
                throw new ArgumentException($"Every audience must be non-blank and at most {MaxAudienceLength} characters.", nameof(audience));
            }
        }

        var distinct = audience.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return distinct.Length is >= 1 and <= MaxAudiences
            ? distinct
            : throw new ArgumentException($"A JWT-SVID needs 1 to {MaxAudiences} distinct audiences.", nameof(audience));
    }

    private Task<MintedJwtSvid> GetAsync(AuthorizedEntry entry, string[] audiences, CancellationToken cancellationToken)
    {
        // The SPIFFE ID is part of the key: an entry whose ID changed must never get its old token back.
        var key = string.Join('\n', [entry.Id, entry.SpiffeId, .. audiences]);
        var now = time.GetUtcNow();
        Task<MintedJwtSvid>? flight;
        lock (_lock)
        {
            if (_cached.TryGetValue(key, out var node) && now < node.Value.RenewAfter)
            {
                return Task.FromResult(node.Value.Svid);
            }

            if (!_inFlight.TryGetValue(key, out flight))
            {
                flight = MintAsync(key, entry, audiences);
                _inFlight[key] = flight;
            }
        }

        // A caller that gives up does not cancel the mint the others wait for.
        return flight.WaitAsync(cancellationToken);
    }

    private async Task<MintedJwtSvid> MintAsync(string key, AuthorizedEntry entry, string[] audiences)
    {
        // Always finish asynchronously, so the caller has registered this flight before it can be removed below.
        await Task.Yield();
        try
        {
            var minted = await client.MintJwtSvidAsync(entry.Id, audiences, CancellationToken.None).ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (minted is null || minted.EntryId != entry.Id || minted.SpiffeId != entry.SpiffeId || string.IsNullOrEmpty(minted.Token) || minted.ExpiresAt <= now)
            {
                CacheLog.InvalidAnswer(logger, $"the JWT-SVID for entry {entry.Id} does not answer its request");
                throw new AgentServerException(AgentServerFailure.InvalidResponse, "POST /agent/v1/jwt-svids: the answer does not match the request.");
            }

            Store(key, new CachedJwtSvid(key, minted, now + ((minted.ExpiresAt - now) * renewAt)));
            CacheLog.JwtSvidMinted(logger, entry.Id, entry.SpiffeId, minted.ExpiresAt);
            return minted;
        }
        catch (AgentServerException failure) when (failure.Failure != AgentServerFailure.Refused && TryGetUnexpired(key, out var cached))
        {
            CacheLog.JwtSvidServedThroughOutage(logger, failure.Failure, entry.Id, cached.ExpiresAt);
            return cached;
        }
        catch (AgentServerException failure) when (failure.Failure == AgentServerFailure.Refused)
        {
            // The server no longer issues this: its cached token must not be handed out any more either.
            Remove(key);
            throw;
        }
        finally
        {
            lock (_lock)
            {
                _inFlight.Remove(key);
            }
        }
    }

    private bool TryGetUnexpired(string key, out MintedJwtSvid svid)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_cached.TryGetValue(key, out var node) && now < node.Value.Svid.ExpiresAt)
            {
                svid = node.Value.Svid;
                return true;
            }
        }

        svid = null!;
        return false;
    }

    private void Store(string key, CachedJwtSvid item)
    {
        lock (_lock)
        {
            if (_cached.Remove(key, out var old))
            {
                _oldestFirst.Remove(old);
            }

            _cached[key] = _oldestFirst.AddLast(item);
            while (_cached.Count > capacity && _oldestFirst.First is { } oldest)
            {
                _oldestFirst.RemoveFirst();
                _cached.Remove(oldest.Value.Key);
            }
        }
    }

    private void Remove(string key)
    {
        lock (_lock)
        {
            if (_cached.Remove(key, out var node))
            {
                _oldestFirst.Remove(node);
            }
        }
    }

    private sealed record CachedJwtSvid(string Key, MintedJwtSvid Svid, DateTimeOffset RenewAfter);
}
