namespace Bridge.Agent.WorkloadApi;

/// <summary>
/// Source-generated log messages of the Workload API server (event ids 8400–8499). Callers appear as pid/uid, selector
/// counts and SPIFFE IDs; SVID keys, JWT-SVIDs and bundles are never logged.
/// </summary>
internal static partial class WorkloadApiLog
{
    [LoggerMessage(EventId = 8400, Level = LogLevel.Information, Message = "Workload API serving on unix://{SocketPath}.")]
    public static partial void Serving(ILogger logger, string socketPath);

    [LoggerMessage(EventId = 8401, Level = LogLevel.Warning, Message = "Workload API call {Method} refused: the workload.spiffe.io header is missing or not exactly \"true\".")]
    public static partial void MissingSecurityHeader(ILogger logger, string method);

    [LoggerMessage(EventId = 8402, Level = LogLevel.Warning, Message = "Workload API call {Method} refused: the connection carries no peer credentials (not the Workload API socket, or SO_PEERCRED failed).")]
    public static partial void NoPeerCredentials(ILogger logger, string method);

    [LoggerMessage(EventId = 8403, Level = LogLevel.Warning, Message = "Workload API call {Method} from pid {ProcessId} uid {UserId} refused: the caller could not be attested ({Reason}).")]
    public static partial void AttestationFailed(ILogger logger, string method, int processId, uint userId, string reason);

    [LoggerMessage(EventId = 8404, Level = LogLevel.Debug, Message = "Workload API call {Method} from pid {ProcessId} uid {UserId}: {SelectorCount} selectors.")]
    public static partial void Attested(ILogger logger, string method, int processId, uint userId, int selectorCount);

    [LoggerMessage(EventId = 8405, Level = LogLevel.Information, Message = "Workload API call {Method} from pid {ProcessId} uid {UserId} refused: no identity issued ({SelectorCount} selectors match no entry).")]
    public static partial void NoIdentity(ILogger logger, string method, int processId, uint userId, int selectorCount);

    [LoggerMessage(EventId = 8406, Level = LogLevel.Debug, Message = "Workload API {Method} to pid {ProcessId}: sent {SpiffeIds} (snapshot {Version}).")]
    public static partial void Sent(ILogger logger, string method, int processId, string spiffeIds, long version);

    [LoggerMessage(EventId = 8407, Level = LogLevel.Warning, Message = "Workload API FetchJWTSVID for pid {ProcessId} unavailable: {Reason}.")]
    public static partial void JwtSvidUnavailable(ILogger logger, int processId, string reason);

    [LoggerMessage(EventId = 8408, Level = LogLevel.Information, Message = "Workload API ValidateJWTSVID for pid {ProcessId} rejected a token: {Reason}.")]
    public static partial void JwtSvidRejected(ILogger logger, int processId, string reason);

    [LoggerMessage(EventId = 8409, Level = LogLevel.Information, Message = "Workload API removed a stale socket at {SocketPath}.")]
    public static partial void StaleSocketRemoved(ILogger logger, string socketPath);

    [LoggerMessage(EventId = 8410, Level = LogLevel.Information, Message = "Workload API socket {SocketPath} removed at shutdown.")]
    public static partial void SocketRemoved(ILogger logger, string socketPath);

    [LoggerMessage(EventId = 8411, Level = LogLevel.Debug, Message = "Workload API call {Method} from pid {ProcessId}: waiting for the first sync or SVID before answering.")]
    public static partial void WaitingForIdentities(ILogger logger, string method, int processId);
}
