using Bridge.Abstractions.Attestation;
using Microsoft.Extensions.Logging;

namespace Bridge.Attestors;

/// <summary>Source-generated log messages of the attestors (event ids 1000–1999). Tokens are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Attestation succeeded: attestor {Attestor}, issuer {Issuer}.")]
    public static partial void AttestationSucceeded(ILogger logger, string attestor, string issuer);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Attestation failed: {FailureKind}, attestor {Attestor}: {Detail}.")]
    public static partial void AttestationFailed(ILogger logger, AttestationFailureKind failureKind, string attestor, string detail);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Fetching metadata or keys of issuer {Issuer} failed ({ExceptionType}).")]
    public static partial void MetadataFetchFailed(ILogger logger, string issuer, string exceptionType);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "The discovery document of issuer {Issuer} names a different issuer; its keys are not used.")]
    public static partial void DiscoveryIssuerMismatch(ILogger logger, string issuer);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Unknown kid for issuer {Issuer}: refreshing its keys.")]
    public static partial void KeyRefreshForced(ILogger logger, string issuer);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "Unknown kid for issuer {Issuer}: key refresh suppressed by RefreshInterval.")]
    public static partial void KeyRefreshSuppressed(ILogger logger, string issuer);
}
