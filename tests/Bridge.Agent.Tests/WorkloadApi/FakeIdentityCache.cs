using Bridge.Agent.Cache;
using Bridge.Agent.Server;

namespace Bridge.Agent.Tests.WorkloadApi;

/// <summary>
/// Stands in for the identity cache: tests publish snapshots the way the cache does (the new one first, then the old
/// one's Superseded), and JWT-SVIDs are signed on demand with the test trust domain's key.
/// </summary>
internal sealed class FakeIdentityCache(TestTrustDomain trustDomain) : IWorkloadIdentityCache
{
    private IdentitySnapshot _current = new(0, [], null, null);
    private int _reads;

    public IdentitySnapshot Current
    {
        get
        {
            Interlocked.Increment(ref _reads);
            return Volatile.Read(ref _current);
        }
    }

    /// <summary>How often <see cref="Current"/> was read: a stream reads it once per snapshot it wakes up for.</summary>
    public int Reads => Volatile.Read(ref _reads);

    public AgentServerException? JwtFailure { get; set; }

    public IReadOnlyList<CachedIdentity>? LastJwtIdentities { get; private set; }

    public IdentitySnapshot Publish(IReadOnlyList<CachedIdentity> identities)
    {
        var next = new IdentitySnapshot(Volatile.Read(ref _current).Version + 1, identities, trustDomain.Bundle, DateTimeOffset.UtcNow);
        var previous = Interlocked.Exchange(ref _current, next);
        previous.MarkSuperseded();
        return next;
    }

    public ValueTask<IReadOnlyList<MintedJwtSvid>> FetchJwtSvidsAsync(
        IReadOnlyList<CachedIdentity> identities, IReadOnlyList<string> audience, CancellationToken cancellationToken)
    {
        if (JwtFailure is { } failure)
        {
            throw failure;
        }

        LastJwtIdentities = identities;
        var expiresAt = DateTimeOffset.UtcNow.AddMinutes(5);
        IReadOnlyList<MintedJwtSvid> minted = [.. identities.Select(i =>
            new MintedJwtSvid(i.Entry.Id, i.Entry.SpiffeId, trustDomain.SignJwtSvid(i.Entry.SpiffeId, audience, expiresAt), expiresAt, i.Entry.Hint))];
        return ValueTask.FromResult(minted);
    }
}
