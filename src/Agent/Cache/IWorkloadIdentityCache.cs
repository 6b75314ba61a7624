using Bridge.Agent.Server;

namespace Bridge.Agent.Cache;

/// <summary>
/// The agent's view of its authorized entries, their SVIDs and the bundles, kept current by syncing with the server,
/// minting ahead of time and renewing at half of each SVID's life. Through a server outage it keeps serving what it has
/// until it expires.
/// </summary>
public interface IWorkloadIdentityCache
{
    /// <summary>The latest snapshot; <see cref="IdentitySnapshot.Empty"/> before the first sync. Never null.</summary>
    IdentitySnapshot Current { get; }

    /// <summary>
    /// One JWT-SVID per identity for <paramref name="audience"/> (1–16 distinct, non-blank values), each reused until half
    /// its life and minted through the server otherwise. While the server is unavailable a cached JWT-SVID is served until
    /// it expires.
    /// </summary>
    /// <exception cref="AgentServerException">A JWT-SVID could not be minted and none valid is cached.</exception>
    ValueTask<IReadOnlyList<MintedJwtSvid>> FetchJwtSvidsAsync(
        IReadOnlyList<CachedIdentity> identities, IReadOnlyList<string> audience, CancellationToken cancellationToken);
}
