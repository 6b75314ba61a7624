using Bridge.Abstractions.Attestation;
using Microsoft.Extensions.Logging;

namespace Bridge.Attestors.AwsIid;

/// <summary>Source-generated log messages of the <c>aws_iid</c> node attestor (event ids 4100–4109; aws_sts has 4110–4119). Evidence is never logged.</summary>
internal static partial class AwsIidLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Node attestation succeeded: aws_iid {Fingerprint}, {SelectorCount} selectors.")]
    public static partial void Succeeded(ILogger logger, string fingerprint, int selectorCount);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Node attestation failed: {FailureKind}, aws_iid {Fingerprint}: {Detail}.")]
    public static partial void Failed(ILogger logger, AttestationFailureKind failureKind, string fingerprint, string detail);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "aws_iid: an EC2 or STS call for {Fingerprint} failed ({AwsError}): {Detail}.")]
    public static partial void AwsCallFailed(ILogger logger, string fingerprint, string awsError, string detail);
}
