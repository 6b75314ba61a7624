namespace Bridge.Agent.Cache;

/// <summary>The body of <c>GET /health</c> (snake_case JSON; docs/agent/cache.md).</summary>
/// <param name="Status"><c>ok</c>, <c>degraded</c> (serving cached SVIDs through an outage), <c>starting</c> (no sync yet) or <c>expired</c>.</param>
/// <param name="LastSync">When the server last answered a sync, or null.</param>
/// <param name="LastSyncAgeSeconds">Seconds since then, or null.</param>
/// <param name="SyncFailures">Failed rounds in a row (0 while all is well).</param>
/// <param name="LastFailure">Why the last round failed (<c>unavailable</c>, <c>unauthenticated</c>, <c>invalid_response</c>), or null.</param>
/// <param name="Entries">Authorized entries held.</param>
/// <param name="X509Svids">Entries with an unexpired X.509-SVID.</param>
/// <param name="SoonestX509SvidExpiry">The earliest expiry among them, or null.</param>
/// <param name="SoonestX509SvidExpirySeconds">Seconds until then, or null.</param>
/// <param name="AgentSvidExpiry">The agent SVID's expiry, or null before the node is attested.</param>
/// <param name="AgentSvidExpirySeconds">Seconds until then, or null.</param>
internal sealed record AgentHealthReport(
    string Status,
    DateTimeOffset? LastSync,
    long? LastSyncAgeSeconds,
    int SyncFailures,
    string? LastFailure,
    int Entries,
    int X509Svids,
    DateTimeOffset? SoonestX509SvidExpiry,
    long? SoonestX509SvidExpirySeconds,
    DateTimeOffset? AgentSvidExpiry,
    long? AgentSvidExpirySeconds);
