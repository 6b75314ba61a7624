using Bridge.Abstractions.Attestation;
using Microsoft.Extensions.Logging;

namespace Bridge.Attestors.AwsSts;

/// <summary>Source-generated log messages of the <c>aws_sts</c> node attestor (event ids 4110–4119). Tokens are never logged.</summary>
internal static partial class AwsStsNodeLog
{
    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "Node attestation succeeded: aws_sts {Fingerprint}, {SelectorCount} selectors.")]
    public static partial void Succeeded(ILogger logger, string fingerprint, int selectorCount);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Information, Message = "Node attestation failed: {FailureKind}, aws_sts {Principal}: {Detail}.")]
    public static partial void Failed(ILogger logger, AttestationFailureKind failureKind, string principal, string detail);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Warning, Message = "aws_sts: the replay cache is unavailable or full; attestation of {Principal} refused as unavailable.")]
    public static partial void ReplayCacheUnavailable(ILogger logger, string principal, Exception? exception);
}
