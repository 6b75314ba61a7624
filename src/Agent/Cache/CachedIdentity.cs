using Bridge.Agent.Server;

namespace Bridge.Agent.Cache;

/// <summary>An authorized entry and, once minted, its current X.509-SVID.</summary>
/// <param name="Entry">The entry as the last sync returned it.</param>
/// <param name="X509Svid">The current X.509-SVID, or null while none has been minted yet (or the last one expired).</param>
public sealed record CachedIdentity(AuthorizedEntry Entry, X509SvidMaterial? X509Svid);
