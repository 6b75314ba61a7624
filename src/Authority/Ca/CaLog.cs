using Bridge.Authority.Rotation.Engine;
using Microsoft.Extensions.Logging;

namespace Bridge.Authority.Ca;

/// <summary>Events of CA rotation (event IDs 2300–2399). They name slots and documents, never key material.</summary>
internal static partial class CaLog
{
    [LoggerMessage(2300, LogLevel.Information, "CA slot {SlotId} claimed in {Document}")]
    public static partial void Claimed(ILogger logger, string document, string slotId);

    [LoggerMessage(2301, LogLevel.Information, "CA slot {SlotId} in {Document} is {Status}, valid until {NotAfter:O}")]
    public static partial void Completed(ILogger logger, string document, string slotId, SlotStatus status, DateTimeOffset? notAfter);

    [LoggerMessage(2302, LogLevel.Information, "CA slot {SlotId} in {Document} activated")]
    public static partial void Activated(ILogger logger, string document, string slotId);

    [LoggerMessage(2303, LogLevel.Information, "CA slot {SlotId} dropped from {Document}")]
    public static partial void Dropped(ILogger logger, string document, string slotId);

    [LoggerMessage(2304, LogLevel.Warning, "Stale pending CA slot {SlotId} in {Document} taken over")]
    public static partial void TakenOver(ILogger logger, string document, string slotId);

    [LoggerMessage(2305, LogLevel.Warning, "Claim of CA slot {SlotId} in {Document} was taken over by another instance; its key is deleted")]
    public static partial void ClaimLost(ILogger logger, string document, string slotId);

    [LoggerMessage(2306, LogLevel.Warning, "Could not withdraw the claim of CA slot {SlotId} in {Document}")]
    public static partial void AbandonFailed(ILogger logger, string document, string slotId, Exception exception);

    [LoggerMessage(2307, LogLevel.Information, "Key of CA slot {SlotId} ({Document}) deleted")]
    public static partial void KeyDeleted(ILogger logger, string document, string slotId);

    [LoggerMessage(2308, LogLevel.Error, "Could not delete the key of CA slot {SlotId} ({Document}); delete it by hand")]
    public static partial void KeyDeletionFailed(ILogger logger, string document, string slotId, Exception exception);

    [LoggerMessage(2309, LogLevel.Error, "Minting CA slot {SlotId} in {Document} failed; the claim is withdrawn")]
    public static partial void MintFailed(ILogger logger, string document, string slotId, Exception exception);

    [LoggerMessage(2310, LogLevel.Warning, "Reading the CA state failed; serving the state read at {LastGoodAt:O}")]
    public static partial void RefreshFailed(ILogger logger, DateTimeOffset lastGoodAt, Exception exception);

    [LoggerMessage(2311, LogLevel.Warning, "A due CA rotation step failed; the current CA keeps signing")]
    public static partial void RotationStepFailed(ILogger logger, Exception exception);
}
