using Bridge.Abstractions.Keys;

namespace Bridge.Authority.Rotation;

/// <summary>Key generation in three steps — claim, generate, publish — so concurrent instances never orphan a key.</summary>
public sealed partial class JwtKeyRotator
{
    /// <summary>
    /// (a) Claims a pending slot by compare-and-swap (a new one, or <paramref name="takeover"/> with a higher attempt),
    /// (b) generates the key under the slot id (replace semantics make a retry or takeover idempotent), (c) publishes
    /// it. Only the instance whose claim was written generates anything.
    /// </summary>
    private async Task<StoredJwtKeyState?> ClaimAndGenerateAsync(
        StoredJwtKeyState current, JwtKeySlot? takeover, List<RotationStep> steps, CancellationToken cancellationToken)
    {
        var now = TimeProvider.GetUtcNow();
        var claim = takeover is null
            ? new JwtKeySlot { SlotId = NewSlotId(now), Status = JwtKeySlotStatus.Pending, KeyType = Schedule.KeyType, ClaimedAt = now, Attempt = 1 }
            : new JwtKeySlot { SlotId = takeover.SlotId, Status = JwtKeySlotStatus.Pending, KeyType = Schedule.KeyType, ClaimedAt = now, Attempt = takeover.Attempt + 1 };
        var claimedState = takeover is null
            ? current.State with { Slots = [.. current.State.Slots, claim] }
            : current.State.Replace(claim);
        var claimed = await TryWriteAsync(claimedState, current.Revision, cancellationToken).ConfigureAwait(false);
        if (claimed is null)
        {
            // Another instance changed the state first (and may be generating): re-read and decide again.
            return await ReadAsync(cancellationToken).ConfigureAwait(false);
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
    private async Task<StoredJwtKeyState?> PublishAsync(
        StoredJwtKeyState current, JwtKeySlot claim, IManagedKey key, List<RotationStep> steps, CancellationToken cancellationToken)
    {
        var spki = key.SubjectPublicKeyInfo.ToArray();
        var kid = Thumbprint(key.KeyType, spki);
        for (var i = 0; i < MaxIterations; i++)
        {
            if (!StillClaimed(current.State, claim))
            {
                // Taken over by another instance, which now owns the slot id and its key: touch neither.
                Log.ClaimLost(_logger, claim.SlotId);
                return current;
            }

            var now = TimeProvider.GetUtcNow();
            // Direct activation only when nothing could ever have been signed or published before (first start).
            var direct = current.State.Active is null && current.State.Slots.All(s => s.Status == JwtKeySlotStatus.Pending);
            var done = claim with
            {
                Status = direct ? JwtKeySlotStatus.Active : JwtKeySlotStatus.Prepared,
                KeyType = key.KeyType,
                Kid = kid,
                SubjectPublicKeyInfo = spki,
                PreparedAt = now,
                ActivatedAt = direct ? now : null,
            };
            var written = await TryWriteAsync(current.State.Replace(done), current.Revision, cancellationToken).ConfigureAwait(false);
            if (written is not null)
            {
                if (direct)
                {
                    Log.Created(_logger, done.SlotId, kid);
                    steps.Add(new RotationStep(RotationStepKind.Created, done.SlotId, kid));
                }
                else
                {
                    Log.Prepared(_logger, done.SlotId, kid, Schedule.ActivateAt(written.State.Active, done));
                    steps.Add(new RotationStep(RotationStepKind.Prepared, done.SlotId, kid));
                }

                return written;
            }

            current = await ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        return current;
    }

    /// <summary>Gives a failed claim back at once (rather than after the pending timeout) and removes any key it left.</summary>
    private async Task ReleaseClaimAsync(StoredJwtKeyState claimed, JwtKeySlot claim)
    {
        try
        {
            // Not the caller's token: a cancelled rotation should still not leave a claim or a key behind.
            var current = claimed;
            for (var i = 0; i < MaxIterations && StillClaimed(current.State, claim); i++)
            {
                var released = current.State with { Slots = [.. current.State.Slots.Where(s => s.SlotId != claim.SlotId)] };
                if (await TryWriteAsync(released, current.Revision, CancellationToken.None).ConfigureAwait(false) is not null)
                {
                    await DeleteKeyAsync(claim.SlotId, CancellationToken.None).ConfigureAwait(false);
                    return;
                }

                current = await ReadAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            // The claim stays pending and is taken over after the timeout.
            Log.ReleaseFailed(_logger, claim.SlotId, e.GetType().Name);
        }
    }

    private static bool StillClaimed(JwtKeyState state, JwtKeySlot claim) =>
        state.FindSlot(claim.SlotId) is { Status: JwtKeySlotStatus.Pending } slot && slot.Attempt == claim.Attempt;
}
