using Bridge.Abstractions.Keys;
using Bridge.Authority.Rotation.Engine;

namespace Bridge.Authority.Rotation;

/// <summary>Key generation in three steps — claim, generate, publish — so concurrent instances never orphan a key.</summary>
public sealed partial class JwtKeyRotator
{
    /// <summary>
    /// (a) Claims a pending slot by compare-and-swap (a new one, or <paramref name="takeover"/> with a higher attempt),
    /// (b) generates the key under the slot id (replace semantics make a retry or takeover idempotent), (c) publishes
    /// it. Only the instance whose claim was written generates anything.
    /// </summary>
    private async Task<Versioned<JwtKeyState>?> ClaimAndGenerateAsync(
        Versioned<JwtKeyState> current, JwtKeySlot? takeover, List<RotationStep> steps, CancellationToken cancellationToken)
    {
        var now = TimeProvider.GetUtcNow();
        var claim = takeover is null
            ? new JwtKeySlot { SlotId = NewSlotId(now), Status = SlotStatus.Pending, KeyType = Schedule.KeyType, ClaimedAt = now, Attempt = 1 }
            : new JwtKeySlot { SlotId = takeover.SlotId, Status = SlotStatus.Pending, KeyType = Schedule.KeyType, ClaimedAt = now, Attempt = takeover.Attempt + 1 };
        var claimedState = takeover is null
            ? current.State with { Slots = [.. current.State.Slots, claim] }
            : current.State.Replace(claim);
        var (claimed, won) = await _slots.WriteOrRereadAsync(claimedState, current, cancellationToken).ConfigureAwait(false);
        if (!won)
        {
            // Another instance changed the state first (and may be generating): decide again on what it wrote.
            return claimed;
        }

        if (takeover is not null)
        {
            Log.TakenOver(_logger, claim.SlotId, claim.Attempt);
            steps.Add(new RotationStep(RotationStepKind.TakenOver, claim.SlotId, null));
        }

        IManagedKey key;
        try
        {
            key = await KeyManager.GenerateKeyAsync(claim.SlotId, claim.KeyType, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.GenerationFailed(_logger, claim.SlotId, e.GetType().Name);
            await ReleaseClaimAsync(claimed, claim).ConfigureAwait(false);
            throw;
        }

        return await PublishAsync(claimed, claim, key, steps, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Turns the claimed slot into a prepared key (or, when nothing is active, the active one).</summary>
    private async Task<Versioned<JwtKeyState>?> PublishAsync(
        Versioned<JwtKeyState> claimed, JwtKeySlot claim, IManagedKey key, List<RotationStep> steps, CancellationToken cancellationToken)
    {
        var spki = key.SubjectPublicKeyInfo.ToArray();
        var kid = Thumbprint(key.KeyType, spki);
        var update = await _slots.UpdateAsync<JwtKeySlot?>(
            current =>
            {
                if (!StillClaimed(current.State, claim))
                {
                    // Taken over by another instance, which now owns the slot id and its key: touch neither.
                    return (null, null);
                }

                var now = TimeProvider.GetUtcNow();
                // Direct activation only when nothing could ever have been signed or published before (first start).
                var direct = current.State.Active is null && current.State.Slots.All(s => s.Status == SlotStatus.Pending);
                var done = claim with
                {
                    Status = direct ? SlotStatus.Active : SlotStatus.Prepared,
                    KeyType = key.KeyType,
                    Kid = kid,
                    SubjectPublicKeyInfo = spki,
                    PreparedAt = now,
                    ActivatedAt = direct ? now : null,
                };
                return (current.State.Replace(done), done);
            },
            cancellationToken,
            start: claimed).ConfigureAwait(false);
        if (update.Plan is not { } published)
        {
            Log.ClaimLost(_logger, claim.SlotId);
            return update.Current;
        }

        if (published.Status == SlotStatus.Active)
        {
            Log.Created(_logger, published.SlotId, kid);
            steps.Add(new RotationStep(RotationStepKind.Created, published.SlotId, kid));
        }
        else
        {
            Log.Prepared(_logger, published.SlotId, kid, Schedule.ActivateAt(update.Current.State.Active, published));
            steps.Add(new RotationStep(RotationStepKind.Prepared, published.SlotId, kid));
        }

        return update.Current;
    }

    /// <summary>Gives a failed claim back at once (rather than after the pending timeout) and removes any key it left.</summary>
    private async Task ReleaseClaimAsync(Versioned<JwtKeyState> claimed, JwtKeySlot claim)
    {
        try
        {
            // Not the caller's token: a cancelled rotation should still not leave a claim or a key behind.
            var update = await _slots.UpdateAsync(
                current => StillClaimed(current.State, claim)
                    ? (current.State with { Slots = [.. current.State.Slots.Where(s => s.SlotId != claim.SlotId)] }, true)
                    : (null, false),
                CancellationToken.None,
                start: claimed).ConfigureAwait(false);
            if (update.Written)
            {
                await DeleteKeyAsync(claim.SlotId, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            // The claim stays pending and is taken over after the timeout.
            Log.ReleaseFailed(_logger, claim.SlotId, e.GetType().Name);
        }
    }

    private static bool StillClaimed(JwtKeyState state, JwtKeySlot claim) =>
        state.FindSlot(claim.SlotId) is { Status: SlotStatus.Pending } slot && slot.Attempt == claim.Attempt;
}
