namespace Bridge.Agent.Server;

/// <summary>One entry of the sync (<c>GET /agent/v1/entries</c>), as the server sent it.</summary>
/// <param name="Id">The entry ID.</param>
/// <param name="SpiffeId">The identity the entry's workloads get.</param>
/// <param name="ParentId">The agent or node set the entry hangs under.</param>
/// <param name="Selectors">Workload selectors, all of which a caller must have (e.g. <c>unix:uid:1000</c>).</param>
/// <param name="X509SvidTtlSeconds">The X.509-SVID lifetime, or null for the server default.</param>
/// <param name="JwtSvidTtlSeconds">The JWT-SVID lifetime, or null for the server default.</param>
/// <param name="Audiences">The JWT-SVID audiences the entry allows.</param>
/// <param name="DnsNames">DNS SANs of its X.509-SVIDs.</param>
/// <param name="Hint">The operator's hint, or null.</param>
/// <param name="ExpiresAt">When the entry expires, or null.</param>
public sealed record AuthorizedEntry(
    string Id,
    string SpiffeId,
    string ParentId,
    IReadOnlyList<string> Selectors,
    int? X509SvidTtlSeconds,
    int? JwtSvidTtlSeconds,
    IReadOnlyList<string> Audiences,
    IReadOnlyList<string> DnsNames,
    string? Hint,
    DateTimeOffset? ExpiresAt);
