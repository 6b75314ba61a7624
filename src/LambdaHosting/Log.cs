using Microsoft.Extensions.Logging;

namespace Bridge.LambdaHosting;

/// <summary>Source-generated log messages of the Lambda hosting layer (event ids 7000–7099). Bodies and headers are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Lambda hosting started: {Loops} invocation loop(s) polling the Runtime API.")]
    public static partial void Started(ILogger logger, int loops);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Critical, Message = "The Lambda Runtime API failed ({ExceptionType}); stopping so that Lambda replaces the environment.")]
    public static partial void RuntimeApiFailed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Invocation {RequestId} rejected: {Reason}")]
    public static partial void InvalidEvent(ILogger logger, string requestId, string reason);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Error, Message = "Invocation {RequestId}: unhandled exception in the application; answered 500.")]
    public static partial void UnhandledException(ILogger logger, string requestId, Exception exception);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Error, Message = "Invocation {RequestId}: an OnCompleted callback failed.")]
    public static partial void OnCompletedFailed(ILogger logger, string requestId, Exception exception);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Critical, Message = "An invocation loop failed outside the application; stopping so that Lambda replaces the environment.")]
    public static partial void LoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Error, Message = "Invocation {RequestId}: a non-HTTP event handler failed; reported as an invocation error.")]
    public static partial void EventHandlerFailed(ILogger logger, string requestId, Exception exception);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Error, Message = "Invocation {RequestId}: an invocation listener failed after the response was posted.")]
    public static partial void InvocationListenerFailed(ILogger logger, string requestId, Exception exception);
}
