using Microsoft.Extensions.Logging;

namespace Bridge.Authority.Aws.Kms;

/// <summary>Source-generated log messages of the KMS key manager (event ids 3000–3099). Signatures are never logged.</summary>
internal static partial class KmsLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Created KMS key {KeyArn} ({KeySpec}) for Bridge key {KeyId}.")]
    public static partial void KeyCreated(ILogger logger, string keyArn, string keySpec, string keyId);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Alias {Alias} now names KMS key {KeyArn}.")]
    public static partial void AliasPointed(ILogger logger, string alias, string keyArn);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Preparing KMS key {KeyArn} failed ({ExceptionType}); it is scheduled for deletion in {Days} days so it is not orphaned.")]
    public static partial void AbandonedKeyScheduledForDeletion(ILogger logger, string keyArn, string exceptionType, int days);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Preparing KMS key {KeyArn} failed and scheduling its deletion failed too ({ExceptionType}): delete the key by hand.")]
    public static partial void AbandonedKeyDeletionFailed(ILogger logger, string keyArn, string exceptionType);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "KMS key {KeyArn}, replaced behind alias {Alias}, is scheduled for deletion in {Days} days.")]
    public static partial void ReplacedKeyScheduledForDeletion(ILogger logger, string keyArn, string alias, int days);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Scheduling the deletion of replaced KMS key {KeyArn} failed ({ExceptionType}): delete the key by hand.")]
    public static partial void ReplacedKeyDeletionFailed(ILogger logger, string keyArn, string exceptionType);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "KMS {Operation} attempt {Attempt} failed ({ErrorCode}); retrying in {DelayMilliseconds} ms.")]
    public static partial void Retrying(ILogger logger, string operation, int attempt, string errorCode, long delayMilliseconds);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Error, Message = "KMS {Operation} failed after {Attempts} attempts ({ErrorCode}); KMS is treated as unavailable.")]
    public static partial void GaveUp(ILogger logger, string operation, int attempts, string errorCode);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "The KMS key behind alias {Alias} is pending deletion; Bridge key {KeyId} is treated as missing.")]
    public static partial void KeyPendingDeletion(ILogger logger, string alias, string keyId);
}
