using System.Collections.Concurrent;
using Bridge.Spiffe.Bundle;

namespace Bridge.Agent.Cache;

/// <summary>
/// One immutable state of the agent's cache: every authorized entry with its SVID, and the bundles. The cache publishes
/// a new snapshot on every change and then completes the old one's <see cref="Superseded"/>; every open Workload API
/// stream awaits that one task, so thousands of streams cost one task, not one timer or channel each.
/// </summary>
public sealed class IdentitySnapshot
{
    // Distinct selector sets on one host are few (one per kind of workload); the bound only stops a caller that varies
    // its attested facts from growing the memo without limit.
    private const int MaxMemoizedSelectorSets = 4096;

    private readonly TaskCompletionSource _superseded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, IReadOnlyList<CachedIdentity>> _matches = new(StringComparer.Ordinal);

    /// <summary>Creates a snapshot.</summary>
    /// <param name="version">Increases with every published snapshot.</param>
    /// <param name="identities">The authorized entries in the order they are served (the first match is a caller's default identity).</param>
    /// <param name="bundle">The trust domain's bundle, or null before the first successful sync.</param>
    /// <param name="syncedAt">When the server last confirmed this state, or null before the first sync.</param>
    public IdentitySnapshot(long version, IReadOnlyList<CachedIdentity> identities, SpiffeBundle? bundle, DateTimeOffset? syncedAt)
    {
        ArgumentNullException.ThrowIfNull(identities);
        Version = version;
        Identities = identities;
        Bundle = bundle;
        SyncedAt = syncedAt;
    }

    /// <summary>The empty state before the first sync.</summary>
    public static IdentitySnapshot Empty { get; } = new(0, [], null, null);

    /// <summary>Increases with every published snapshot.</summary>
    public long Version { get; }

    /// <summary>Every authorized entry, in serving order.</summary>
    public IReadOnlyList<CachedIdentity> Identities { get; }

    /// <summary>The trust domain's SPIFFE bundle (X.509 roots and JWT keys), or null before the first sync.</summary>
    public SpiffeBundle? Bundle { get; }

    /// <summary>When the server last confirmed this state, or null before the first sync.</summary>
    public DateTimeOffset? SyncedAt { get; }

    /// <summary>Completes when a newer snapshot has replaced this one. Never faults.</summary>
    public Task Superseded => _superseded.Task;

    /// <summary>
    /// The identities whose entry selectors are all among <paramref name="workloadSelectors"/> (SPIRE's subset match),
    /// in serving order. <paramref name="workloadSelectors"/> must be distinct and sorted ordinally, as
    /// <see cref="Workloads.IWorkloadAttestation"/> returns them. An entry with no selectors never matches.
    /// </summary>
    public IReadOnlyList<CachedIdentity> Match(IReadOnlyList<string> workloadSelectors)
    {
        ArgumentNullException.ThrowIfNull(workloadSelectors);
        var key = string.Join('\n', workloadSelectors);
        if (_matches.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var selectorSet = new HashSet<string>(workloadSelectors, StringComparer.Ordinal);
        var matched = Identities.Where(i => i.Entry.Selectors.Count > 0 && i.Entry.Selectors.All(selectorSet.Contains)).ToArray();
        if (_matches.Count < MaxMemoizedSelectorSets)
        {
            _matches.TryAdd(key, matched);
        }

        return matched;
    }

    /// <summary>Marks this snapshot as replaced; called by the cache right after it published the next one.</summary>
    public void MarkSuperseded() => _superseded.TrySetResult();
}
