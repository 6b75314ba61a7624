using Bridge.Agent.Server;

namespace Bridge.Agent.Cache;

/// <summary>
/// The published state: <see cref="IdentitySyncService"/> writes it, the Workload API and the health endpoint read it.
/// Reads are one volatile load; a publish swaps in the new snapshot and then completes the old one's
/// <see cref="IdentitySnapshot.Superseded"/>, so a stream woken by it always finds the new one in <see cref="Current"/>.
/// </summary>
internal sealed class WorkloadIdentityCache(JwtSvidCache jwtSvids) : IWorkloadIdentityCache
{
    private IdentitySnapshot _current = IdentitySnapshot.Empty;
    private SyncStatus _status = SyncStatus.Starting;

    public IdentitySnapshot Current => Volatile.Read(ref _current);

    /// <summary>How syncing is going (for health).</summary>
    public SyncStatus Status => Volatile.Read(ref _status);

    public ValueTask<IReadOnlyList<MintedJwtSvid>> FetchJwtSvidsAsync(
        IReadOnlyList<CachedIdentity> identities, IReadOnlyList<string> audience, CancellationToken cancellationToken) =>
        jwtSvids.FetchAsync(identities, audience, cancellationToken);

    /// <summary>Publishes the next snapshot and wakes everyone waiting on the previous one. Called by the sync loop only.</summary>
    public IdentitySnapshot Publish(IReadOnlyList<CachedIdentity> identities, Spiffe.Bundle.SpiffeBundle? bundle, DateTimeOffset? syncedAt)
    {
        var previous = Current;
        var next = new IdentitySnapshot(previous.Version + 1, identities, bundle, syncedAt);
        Volatile.Write(ref _current, next);
        previous.MarkSuperseded();
        return next;
    }

    /// <summary>The server answered a sync (200 or 304).</summary>
    public void RecordSynced(DateTimeOffset at) => Volatile.Write(ref _status, Status with { LastSuccessAt = at });

    /// <summary>A round finished: entries synced and every due SVID minted (or refused one by one).</summary>
    public void RecordRoundSucceeded() => Volatile.Write(ref _status, Status with { ConsecutiveFailures = 0, LastFailure = null });

    /// <summary>A round stopped at an outage, a bad answer or refused credentials; the cached identities are still served.</summary>
    public void RecordRoundFailed(AgentServerFailure failure)
    {
        var status = Status;
        Volatile.Write(ref _status, status with { ConsecutiveFailures = status.ConsecutiveFailures + 1, LastFailure = failure });
    }
}
