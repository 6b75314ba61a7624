using Bridge.Agent.Server;
using Bridge.Spiffe.Id;

namespace Bridge.Agent.Cache;

/// <summary>The entry side of a round: checking a sync, diffing it against what is held, and what needs minting.</summary>
internal sealed partial class IdentitySynchronizer
{
    private EntriesSync Validated(EntriesSync sync)
    {
        string? problem = null;
        if (string.IsNullOrEmpty(sync.Revision) || sync.Entries is null || sync.Bundle is null)
        {
            problem = "the sync lacks its revision, entries or bundle";
        }
        else if (sync.Bundle.TrustDomain != _trustDomain)
        {
            problem = $"the bundle is of trust domain {sync.Bundle.TrustDomain}, not {_trustDomain}";
        }
        else
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in sync.Entries)
            {
                if (entry is null || string.IsNullOrEmpty(entry.Id) || !ids.Add(entry.Id)
                    || !SpiffeId.TryParse(entry.SpiffeId, out var id) || !id.MemberOf(_trustDomain)
                    || entry.Selectors is null || entry.DnsNames is null || entry.Audiences is null)
                {
                    problem = $"entry {entry?.Id} is malformed, repeated or outside the trust domain";
                    break;
                }
            }
        }

        return problem is null
            ? sync
            : throw new AgentServerException(AgentServerFailure.InvalidResponse, "GET /agent/v1/entries: " + problem + ".");
    }

    private void Apply(EntriesSync sync)
    {
        var next = sync.Entries.ToDictionary(entry => entry.Id, StringComparer.Ordinal);
        var previous = _entries.ToDictionary(entry => entry.Id, StringComparer.Ordinal);
        var added = next.Keys.Count(id => !previous.ContainsKey(id));
        var removed = previous.Keys.Count(id => !next.ContainsKey(id));
        var changed = next.Count(pair => previous.TryGetValue(pair.Key, out var old) && !SameEntry(old, pair.Value));

        foreach (var (id, held) in _svids.ToArray())
        {
            // A removed entry's identity goes at once; so does one whose SPIFFE ID changed, since the old ID is no
            // longer authorized. A TTL or DNS change keeps serving the old SVID until its replacement is minted.
            if (!next.TryGetValue(id, out var entry) || entry.SpiffeId != held.Entry.SpiffeId)
            {
                _svids.Remove(id);
                CacheLog.IdentityDropped(_logger, id, held.Entry.SpiffeId);
            }
        }

        foreach (var (id, refusedEntry) in _refused.ToArray())
        {
            if (!next.TryGetValue(id, out var entry) || !SameEntry(entry, refusedEntry))
            {
                _refused.Remove(id);
            }
        }

        _entries = sync.Entries;
        _bundle = sync.Bundle;
        _revision = sync.Revision;
        CacheLog.EntriesChanged(_logger, sync.Revision, sync.Entries.Count, added, removed, changed);
    }

    private bool DropExpired(DateTimeOffset now)
    {
        var dropped = false;
        foreach (var (id, held) in _svids.ToArray())
        {
            if (held.Svid.ExpiresAt <= now)
            {
                _svids.Remove(id);
                CacheLog.X509SvidExpired(_logger, id, held.Entry.SpiffeId, held.Svid.SerialNumber, held.Svid.ExpiresAt);
                dropped = true;
            }
        }

        return dropped;
    }

    private async Task<MintOutcome> MintDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = _bundle is null ? [] : _entries.Where(entry => IsDue(entry, now)).ToList();
        if (due.Count == 0)
        {
            return new MintOutcome([], [], null);
        }

        var outcome = await _minter.MintAsync(due, _bundle!, cancellationToken).ConfigureAwait(false);
        foreach (var (entry, svid) in outcome.Minted)
        {
            var renewAfter = RenewAfter(svid);
            _svids[entry.Id] = new HeldSvid(entry, svid, renewAfter);
            CacheLog.X509SvidCached(_logger, entry.Id, entry.SpiffeId, svid.SerialNumber, svid.ExpiresAt, renewAfter);
        }

        foreach (var (entry, error) in outcome.Refused)
        {
            _refused[entry.Id] = entry;
            CacheLog.X509SvidRefused(_logger, entry.Id, entry.SpiffeId, error);
        }

        return outcome;
    }

    private bool IsDue(AuthorizedEntry entry, DateTimeOffset now)
    {
        if (_refused.TryGetValue(entry.Id, out var refused) && SameEntry(refused, entry))
        {
            return false;
        }

        return !_svids.TryGetValue(entry.Id, out var held) || now >= held.RenewAfter || !SameSvidContent(held.Entry, entry);
    }

    /// <summary>At <see cref="IdentityCacheOptions.RenewAt"/> of the lifetime, spread by ± <see cref="IdentityCacheOptions.RenewJitter"/>.</summary>
    private DateTimeOffset RenewAfter(X509SvidMaterial svid)
    {
        var fraction = _options.RenewAt + (_options.RenewJitter * ((Random.Shared.NextDouble() * 2) - 1));
        return svid.IssuedAt + ((svid.ExpiresAt - svid.IssuedAt) * fraction);
    }

    private IReadOnlyList<CachedIdentity> Identities() =>
        [.. _entries.Select(entry => new CachedIdentity(entry, _svids.TryGetValue(entry.Id, out var held) ? held.Svid : null))];

    /// <summary>What the X.509-SVID carries: a change to any of these needs a new one.</summary>
    private static bool SameSvidContent(AuthorizedEntry a, AuthorizedEntry b) =>
        a.SpiffeId == b.SpiffeId && a.X509SvidTtlSeconds == b.X509SvidTtlSeconds && a.DnsNames.SequenceEqual(b.DnsNames, StringComparer.Ordinal);

    private static bool SameEntry(AuthorizedEntry a, AuthorizedEntry b) =>
        SameSvidContent(a, b)
        && a.ParentId == b.ParentId
        && a.JwtSvidTtlSeconds == b.JwtSvidTtlSeconds
        && a.Hint == b.Hint
        && a.ExpiresAt == b.ExpiresAt
        && a.Selectors.SequenceEqual(b.Selectors, StringComparer.Ordinal)
        && a.Audiences.SequenceEqual(b.Audiences, StringComparer.Ordinal);

    /// <summary>An SVID the loop holds, the entry as it was minted for, and when to renew it.</summary>
    private sealed record HeldSvid(AuthorizedEntry Entry, X509SvidMaterial Svid, DateTimeOffset RenewAfter);
}
