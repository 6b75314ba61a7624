using Microsoft.Extensions.Logging;

namespace Bridge.Client;

/// <summary>
/// Source-generated log messages of the exchange client and its SVID sources (event ids 3350–3399; the Workload API
/// source has 3300–3349, docs/logging.md). Never a token, a key or a certificate: only codes and counts.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3350, Level = LogLevel.Information, Message = "Bridge exchange attempt {Attempt} failed with {Error}; retrying in {DelayMilliseconds} ms")]
    public static partial void Retrying(ILogger logger, int attempt, string error, long delayMilliseconds);

    [LoggerMessage(EventId = 3351, Level = LogLevel.Warning, Message = "Bridge could not be reached ({Reason})")]
    public static partial void NetworkFailure(ILogger logger, string reason);

    [LoggerMessage(EventId = 3352, Level = LogLevel.Warning, Message = "SVID refresh failed with {Error}; serving the cached SVID until it expires at {ExpiresAt:O}")]
    public static partial void ServingCached(ILogger logger, string error, DateTimeOffset expiresAt);
}
