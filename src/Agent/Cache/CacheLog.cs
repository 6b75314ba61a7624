using Bridge.Agent.Server;

namespace Bridge.Agent.Cache;

/// <summary>
/// Source-generated log messages of the identity cache and the health endpoint (event ids 8300–8399): entry ids, SPIFFE
/// IDs, serials and expiry times only, never a key, CSR or token.
/// </summary>
internal static partial class CacheLog
{
    [LoggerMessage(EventId = 8300, Level = LogLevel.Debug, Message = "Sync: entries unchanged (revision {Revision}).")]
    public static partial void EntriesUnchanged(ILogger logger, string revision);

    [LoggerMessage(EventId = 8301, Level = LogLevel.Information, Message = "Sync: revision {Revision}, {EntryCount} entries ({Added} added, {Removed} removed, {Changed} changed).")]
    public static partial void EntriesChanged(ILogger logger, string revision, int entryCount, int added, int removed, int changed);

    [LoggerMessage(EventId = 8302, Level = LogLevel.Information, Message = "X.509-SVID cached: entry {EntryId}, {SpiffeId}, serial {Serial}, expires {ExpiresAt:O}, renews after {RenewAfter:O}.")]
    public static partial void X509SvidCached(ILogger logger, string entryId, string spiffeId, string serial, DateTimeOffset expiresAt, DateTimeOffset renewAfter);

    [LoggerMessage(EventId = 8303, Level = LogLevel.Information, Message = "Identity dropped: entry {EntryId}, {SpiffeId} is no longer authorized.")]
    public static partial void IdentityDropped(ILogger logger, string entryId, string spiffeId);

    [LoggerMessage(EventId = 8304, Level = LogLevel.Warning, Message = "X.509-SVID expired and is no longer served: entry {EntryId}, {SpiffeId}, serial {Serial}, expired {ExpiresAt:O}.")]
    public static partial void X509SvidExpired(ILogger logger, string entryId, string spiffeId, string serial, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 8305, Level = LogLevel.Warning, Message = "Sync failed ({Failure}, status {StatusCode}); serving the cached identities, retrying in {RetryIn}.")]
    public static partial void SyncFailed(ILogger logger, AgentServerFailure failure, int? statusCode, TimeSpan retryIn);

    [LoggerMessage(EventId = 8306, Level = LogLevel.Warning, Message = "The server refused an X.509-SVID for entry {EntryId} ({SpiffeId}, error {Error}); not retried until the entry changes.")]
    public static partial void X509SvidRefused(ILogger logger, string entryId, string spiffeId, string? error);

    [LoggerMessage(EventId = 8307, Level = LogLevel.Error, Message = "The server's answer was not used: {Reason}.")]
    public static partial void InvalidAnswer(ILogger logger, string reason);

    [LoggerMessage(EventId = 8308, Level = LogLevel.Warning, Message = "The server did not accept the agent's credentials (status {StatusCode}); node attestation renews them, the cache retries in {RetryIn}.")]
    public static partial void Unauthenticated(ILogger logger, int? statusCode, TimeSpan retryIn);

    [LoggerMessage(EventId = 8309, Level = LogLevel.Debug, Message = "Snapshot {Version} published: {EntryCount} entries, {SvidCount} X.509-SVIDs.")]
    public static partial void SnapshotPublished(ILogger logger, long version, int entryCount, int svidCount);

    [LoggerMessage(EventId = 8310, Level = LogLevel.Information, Message = "Sync recovered after {Failures} failed attempts.")]
    public static partial void SyncRecovered(ILogger logger, int failures);

    [LoggerMessage(EventId = 8311, Level = LogLevel.Debug, Message = "JWT-SVID minted: entry {EntryId}, {SpiffeId}, expires {ExpiresAt:O}.")]
    public static partial void JwtSvidMinted(ILogger logger, string entryId, string spiffeId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 8312, Level = LogLevel.Warning, Message = "JWT-SVID mint failed ({Failure}) for entry {EntryId}; serving the cached one until it expires at {ExpiresAt:O}.")]
    public static partial void JwtSvidServedThroughOutage(ILogger logger, AgentServerFailure failure, string entryId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 8313, Level = LogLevel.Error, Message = "The sync loop failed unexpectedly; retrying in {RetryIn}.")]
    public static partial void SyncCrashed(ILogger logger, Exception exception, TimeSpan retryIn);
}
