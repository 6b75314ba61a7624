using Microsoft.Extensions.Logging;

namespace Bridge.Authority.Rotation;

public sealed partial class JwtKeyRotator
{
    /// <summary>Rotation events of the JWT signing keys (event IDs 2200–2219). Slot ids and kids are public values.</summary>
    private static partial class Log
    {
        [LoggerMessage(2200, LogLevel.Information, "JWT key {SlotId} (kid {Kid}) adopted from an earlier version as the active key")]
        public static partial void Adopted(ILogger logger, string slotId, string? kid);

        [LoggerMessage(2201, LogLevel.Information, "First JWT key {SlotId} (kid {Kid}) created and active")]
        public static partial void Created(ILogger logger, string slotId, string kid);

        [LoggerMessage(2202, LogLevel.Information, "JWT key {SlotId} (kid {Kid}) prepared and published; it may sign from {ActivateAt:O}")]
        public static partial void Prepared(ILogger logger, string slotId, string kid, DateTimeOffset activateAt);

        [LoggerMessage(2203, LogLevel.Information, "JWT key {SlotId} (kid {Kid}) activated")]
        public static partial void Activated(ILogger logger, string slotId, string? kid);

        [LoggerMessage(2204, LogLevel.Information, "JWT key {SlotId} (kid {Kid}) retired; published until {PublishUntil:O}")]
        public static partial void Retired(ILogger logger, string slotId, string? kid, DateTimeOffset publishUntil);

        [LoggerMessage(2205, LogLevel.Warning, "Preparing the next JWT key deferred: {Published} keys are published and the bound is {Max}")]
        public static partial void PrepareDeferred(ILogger logger, int published, int max);

        [LoggerMessage(2206, LogLevel.Warning, "Pending JWT key {SlotId} timed out; taken over as attempt {Attempt}")]
        public static partial void TakenOver(ILogger logger, string slotId, int attempt);

        [LoggerMessage(2207, LogLevel.Warning, "The claim on JWT key {SlotId} was taken over by another instance; its result is discarded")]
        public static partial void ClaimLost(ILogger logger, string slotId);

        [LoggerMessage(2208, LogLevel.Error, "Generating JWT key {SlotId} failed ({ExceptionType}); the claim is released")]
        public static partial void GenerationFailed(ILogger logger, string slotId, string exceptionType);

        [LoggerMessage(2209, LogLevel.Warning, "Releasing the claim on JWT key {SlotId} failed ({ExceptionType}); it is taken over after the pending timeout")]
        public static partial void ReleaseFailed(ILogger logger, string slotId, string exceptionType);

        [LoggerMessage(2210, LogLevel.Error, "Prepared JWT key {SlotId} is missing or differs from its published public key; it is generated again")]
        public static partial void PreparedKeyMismatch(ILogger logger, string slotId);

        [LoggerMessage(2211, LogLevel.Warning, "Deleting retired JWT key {SlotId} failed ({ExceptionType}); it no longer signs, delete it by hand")]
        public static partial void DeleteFailed(ILogger logger, string slotId, string exceptionType);
    }
}
