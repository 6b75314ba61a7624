using Bridge.Authority.Rotation.Engine;

namespace Bridge.Authority.Ca.Rotation;

/// <summary>What one rotation step changes in the "x509-ca" document (computed without side effects).</summary>
/// <param name="Next">The document to write; null when nothing is due.</param>
/// <param name="ClaimedSlotId">A new pending slot this step claims.</param>
/// <param name="ActivatedSlotId">The prepared slot this step activates.</param>
/// <param name="DroppedSlotIds">Expired slots (and stale claims) removed; their keys are deleted after the write.</param>
/// <param name="ClaimHeldElsewhere">A fresh claim of another instance is in progress.</param>
internal sealed record X509CaStep(
    CaSlotDocument? Next,
    string? ClaimedSlotId,
    string? ActivatedSlotId,
    IReadOnlyList<string> DroppedSlotIds,
    bool ClaimHeldElsewhere)
{
    /// <summary>
    /// Plans a step: drop expired slots and stale claims, activate the prepared CA when the active one is within its
    /// activation margin and the prepared one has been published for <paramref name="publicationDelay"/> (at once when
    /// nothing valid signs), and claim the next CA when the active one is within its preparation margin (or absent).
    /// </summary>
    public static X509CaStep Plan(
        CaSlotDocument document,
        DateTimeOffset now,
        TimeSpan pendingTimeout,
        TimeSpan publicationDelay,
        Func<CaSlot> newClaim)
    {
        var next = document.WithoutExpired(now, pendingTimeout, out var dropped);

        string? activated = null;
        var active = next.Active;
        var prepared = next.Slots.FirstOrDefault(s => s.Status == SlotStatus.Prepared);
        if (prepared is not null && (active is null
            || (CaRotationPolicy.IsWithin(active, CaRotationPolicy.ActivateMargin, now) && now >= prepared.PreparedAt + publicationDelay)))
        {
            next = next.Activate(prepared, now);
            activated = prepared.SlotId;
            active = next.Active;
            prepared = null;
        }

        string? claimed = null;
        var pending = next.Slots.FirstOrDefault(s => s.Status == SlotStatus.Pending);
        var wantsNext = active is null || CaRotationPolicy.IsWithin(active, CaRotationPolicy.PrepareMargin, now);
        if (wantsNext && pending is null && prepared is null)
        {
            var claim = newClaim();
            next = next.With(claim);
            claimed = claim.SlotId;
        }

        var changed = dropped.Count > 0 || activated is not null || claimed is not null;
        return new X509CaStep(changed ? next : null, claimed, activated, dropped, wantsNext && pending is not null);
    }
}
