using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Bridge.Client.WorkloadApi;

/// <summary>Source-generated log messages of the Workload API sources (event ids 3300–3349). Never a token or a key.</summary>
internal static partial class WorkloadApiLog
{
    [LoggerMessage(EventId = 3300, Level = LogLevel.Warning, Message = "Workload API {Stream} stream failed with {StatusCode}; reconnecting in {DelayMilliseconds} ms")]
    public static partial void Reconnecting(ILogger logger, string stream, StatusCode statusCode, long delayMilliseconds);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Information, Message = "Workload API {Stream} stream was closed by the agent; reconnecting in {DelayMilliseconds} ms")]
    public static partial void StreamEnded(ILogger logger, string stream, long delayMilliseconds);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Error, Message = "Workload API {Stream} stream stopped: the agent answered {StatusCode}, which the spec says not to retry")]
    public static partial void Stopped(ILogger logger, string stream, StatusCode statusCode);

    [LoggerMessage(EventId = 3303, Level = LogLevel.Warning, Message = "Workload API {Stream} message ignored: {Reason}")]
    public static partial void MessageRejected(ILogger logger, string stream, string reason);

    [LoggerMessage(EventId = 3304, Level = LogLevel.Information, Message = "Workload API X.509-SVID updated: {SpiffeId}, expires {ExpiresAt:O}")]
    public static partial void X509SvidUpdated(ILogger logger, string spiffeId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 3305, Level = LogLevel.Information, Message = "Workload API JWT bundles updated: {Count} trust domains")]
    public static partial void JwtBundlesUpdated(ILogger logger, int count);
}
