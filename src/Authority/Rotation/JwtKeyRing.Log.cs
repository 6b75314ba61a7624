using Microsoft.Extensions.Logging;

namespace Bridge.Authority.Rotation;

public sealed partial class JwtKeyRing
{
    /// <summary>State refresh events of the JWT keys (event IDs 2220–2229).</summary>
    private static partial class Log
    {
        [LoggerMessage(2220, LogLevel.Warning, "Refreshing the JWT key state failed ({ExceptionType}); serving the last good state for now")]
        public static partial void BackgroundRefreshFailed(ILogger logger, string exceptionType);

        [LoggerMessage(2222, LogLevel.Warning, "A lazy JWT key rotation failed ({ExceptionType}); it is retried at the next refresh or scheduled run")]
        public static partial void BackgroundRotationFailed(ILogger logger, string exceptionType);
    }
}
