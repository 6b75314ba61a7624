namespace Bridge.Authority.Ca.Rotation;

/// <summary>What one <see cref="X509CaRotator.RotateAsync"/> step did.</summary>
/// <param name="Revision">The "x509-ca" state document's revision after the step (0: still absent).</param>
/// <param name="MintedSlotId">The CA this step minted (prepared, or activated directly when none was active).</param>
/// <param name="ActivatedSlotId">The CA this step made active, if any.</param>
/// <param name="DroppedSlotIds">Expired CAs and stale claims this step removed; their keys were deleted.</param>
/// <param name="ClaimHeldElsewhere">Another instance is minting the next CA right now.</param>
public sealed record X509CaRotationResult(
    long Revision,
    string? MintedSlotId,
    string? ActivatedSlotId,
    IReadOnlyList<string> DroppedSlotIds,
    bool ClaimHeldElsewhere)
{
    /// <summary>True when the step changed the state.</summary>
    public bool Changed => MintedSlotId is not null || ActivatedSlotId is not null || DroppedSlotIds.Count > 0;
}
