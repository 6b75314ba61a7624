using Bridge.Abstractions.Keys;
using Bridge.Abstractions.State;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Rotation.Engine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Rotation;

/// <summary>
/// Rotates the JWT-SVID signing keys: prepares the next key, activates it, retires the old one and finally drops and
/// deletes it, keeping the slots in the <c>jwt-keys</c> state document. The JWT policy over the rotation engine: every
/// change goes through the <see cref="SlotStateStore{TState, TCodec}"/> claim loop (compare-and-swap on the document),
/// so any number of instances may run <see cref="RotateAsync"/> at once: exactly one wins each step and the others
/// re-read. A key is generated only after its slot was claimed in the document, so no key is ever orphaned.
/// </summary>
public sealed partial class JwtKeyRotator
{
    /// <summary>The state document holding the slots.</summary>
    public const string DocumentName = "jwt-keys";

    private readonly SlotStateStore<JwtKeyState, JwtKeyStateCodec> _slots;
    private readonly ILogger<JwtKeyRotator> _logger;

    /// <summary>Creates the rotator.</summary>
    /// <exception cref="OptionsValidationException">The rotation options are invalid or do not suit the authority options.</exception>
    public JwtKeyRotator(
        IAuthorityStateStore store,
        IKeyManager keyManager,
        IOptions<AuthorityOptions> authorityOptions,
        IOptions<JwtKeyRotationOptions> rotationOptions,
        TimeProvider timeProvider,
        ILogger<JwtKeyRotator> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(keyManager);
        ArgumentNullException.ThrowIfNull(authorityOptions);
        ArgumentNullException.ThrowIfNull(rotationOptions);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        var result = new JwtKeyRotationOptionsValidator(authorityOptions).Validate(null, rotationOptions.Value);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(JwtKeyRotationOptions), typeof(JwtKeyRotationOptions), result.Failures);
        }

        _slots = new SlotStateStore<JwtKeyState, JwtKeyStateCodec>(DocumentName, store);
        KeyManager = keyManager;
        TimeProvider = timeProvider;
        _logger = logger;
        Schedule = new JwtKeySchedule(authorityOptions.Value, rotationOptions.Value);
    }

    internal JwtKeySchedule Schedule { get; }

    internal IKeyManager KeyManager { get; }

    internal TimeProvider TimeProvider { get; }

    /// <summary>
    /// Runs every rotation step that is due (create or adopt the first key, prune, take over, activate, prepare) and
    /// returns what it did. Idempotent: when nothing is due it only reads. Safe to run from a schedule, an internal
    /// route and the CLI at the same time.
    /// </summary>
    /// <exception cref="Bridge.Abstractions.DependencyUnavailableException">The store or key manager is unavailable.</exception>
    /// <exception cref="InvalidDataException">The state document is corrupt or of a newer format.</exception>
    public async Task<RotationReport> RotateAsync(CancellationToken cancellationToken) =>
        (await RotateCoreAsync(cancellationToken).ConfigureAwait(false)).Report;

    /// <summary>Describes every slot, for <c>bridge ca show</c>; reads only.</summary>
    /// <exception cref="Bridge.Abstractions.DependencyUnavailableException">The store is unavailable.</exception>
    /// <exception cref="InvalidDataException">The state document is corrupt or of a newer format.</exception>
    public async Task<JwtKeySetDescription> DescribeAsync(CancellationToken cancellationToken)
    {
        var stored = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var now = TimeProvider.GetUtcNow();
        var slots = stored.State.Slots
            .Select(s => new JwtKeySlotInfo(
                s.SlotId, s.Status, s.Kid, s.KeyType, JwtKeySchedule.IsPublished(s, now),
                s.ClaimedAt, s.PreparedAt, s.ActivatedAt, s.RetiredAt, s.PublishUntil))
            .ToList();
        return new JwtKeySetDescription(stored.Revision, slots, Schedule.NextStepAt(stored.State, now));
    }

    internal async Task<(RotationReport Report, Versioned<JwtKeyState> State)> RotateCoreAsync(CancellationToken cancellationToken)
    {
        var steps = new List<RotationStep>();
        var current = await _slots.RunStepsAsync(
            await ReadAsync(cancellationToken).ConfigureAwait(false),
            state => StepAsync(state, steps, cancellationToken)).ConfigureAwait(false);
        var report = new RotationReport(current.Revision, steps, Schedule.NextStepAt(current.State, TimeProvider.GetUtcNow()));
        return (report, current);
    }

    internal Task<Versioned<JwtKeyState>> ReadAsync(CancellationToken cancellationToken) => _slots.ReadAsync(cancellationToken);

    /// <summary>Takes the one step that is due, returning the state to continue from, or null when nothing is due.</summary>
    private async Task<Versioned<JwtKeyState>?> StepAsync(Versioned<JwtKeyState> current, List<RotationStep> steps, CancellationToken cancellationToken)
    {
        var state = current.State;
        var now = TimeProvider.GetUtcNow();
        if (state.Slots.Count == 0)
        {
            return await StartAsync(current, steps, cancellationToken).ConfigureAwait(false);
        }

        var expired = JwtKeySchedule.Expired(state, now);
        if (expired.Count > 0)
        {
            return await PruneAsync(current, expired, steps, cancellationToken).ConfigureAwait(false);
        }

        var active = state.Active;
        var next = state.Next;
        if (next is { Status: SlotStatus.Pending })
        {
            // Someone else is generating it; only a claim older than the timeout may be taken over.
            return Schedule.IsAbandoned(next, now)
                ? await ClaimAndGenerateAsync(current, next, steps, cancellationToken).ConfigureAwait(false)
                : null;
        }

        if (next is not null)
        {
            return now >= Schedule.ActivateAt(active, next)
                ? await ActivateAsync(current, active, next, steps, cancellationToken).ConfigureAwait(false)
                : null;
        }

        if (active is not null && now < Schedule.PrepareAt(active))
        {
            return null;
        }

        var published = JwtKeySchedule.Published(state, now).Count;
        if (published + 1 > Schedule.MaxPublishedKeys)
        {
            // Never drop a key a live token may need: wait for a retired key to leave the window instead.
            Log.PrepareDeferred(_logger, published, Schedule.MaxPublishedKeys);
            steps.Add(new RotationStep(RotationStepKind.PrepareDeferred, active?.SlotId ?? string.Empty, active?.Kid));
            return null;
        }

        return await ClaimAndGenerateAsync(current, null, steps, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The first key: an earlier version's fixed-id key is adopted so that deployments keep their published key;
    /// otherwise a new key is generated and activated at once, since no token can depend on a key that never existed.
    /// </summary>
    private async Task<Versioned<JwtKeyState>?> StartAsync(Versioned<JwtKeyState> current, List<RotationStep> steps, CancellationToken cancellationToken)
    {
        if (current.Revision == 0)
        {
            var legacy = await KeyManager.GetKeyAsync(JwtSvidIssuer.SigningKeyId, cancellationToken).ConfigureAwait(false);
            if (legacy is not null)
            {
                var now = TimeProvider.GetUtcNow();
                var spki = legacy.SubjectPublicKeyInfo.ToArray();
                var slot = new JwtKeySlot
                {
                    SlotId = legacy.Id,
                    Status = SlotStatus.Active,
                    KeyType = legacy.KeyType,
                    Kid = Thumbprint(legacy.KeyType, spki),
                    SubjectPublicKeyInfo = spki,
                    Attempt = 1,
                    PreparedAt = now,
                    ActivatedAt = now,
                };
                var (written, won) = await _slots.WriteOrRereadAsync(current.State with { Slots = [slot] }, current, cancellationToken).ConfigureAwait(false);
                if (!won)
                {
                    return written;
                }

                Log.Adopted(_logger, slot.SlotId, slot.Kid);
                steps.Add(new RotationStep(RotationStepKind.Adopted, slot.SlotId, slot.Kid));
                return written;
            }
        }

        return await ClaimAndGenerateAsync(current, null, steps, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Versioned<JwtKeyState>?> PruneAsync(
        Versioned<JwtKeyState> current, IReadOnlyList<JwtKeySlot> expired, List<RotationStep> steps, CancellationToken cancellationToken)
    {
        var remaining = current.State with { Slots = [.. current.State.Slots.Where(s => !expired.Contains(s))] };
        var (written, won) = await _slots.WriteOrRereadAsync(remaining, current, cancellationToken).ConfigureAwait(false);
        if (!won)
        {
            return written;
        }

        // Only after the document no longer names the key: no instance can pick it up again.
        foreach (var slot in expired)
        {
            steps.Add(new RotationStep(RotationStepKind.Pruned, slot.SlotId, slot.Kid));
            await DeleteKeyAsync(slot.SlotId, cancellationToken).ConfigureAwait(false);
        }

        return written;
    }

    private async Task<Versioned<JwtKeyState>?> ActivateAsync(
        Versioned<JwtKeyState> current, JwtKeySlot? active, JwtKeySlot prepared, List<RotationStep> steps, CancellationToken cancellationToken)
    {
        // A generator whose claim was taken over may have replaced the key after the winner published it; such a
        // slot must never sign, so it is generated afresh (and published afresh) instead.
        var key = await KeyManager.GetKeyAsync(prepared.SlotId, cancellationToken).ConfigureAwait(false);
        if (key is null || key.KeyType != prepared.KeyType || !key.SubjectPublicKeyInfo.Span.SequenceEqual(prepared.SubjectPublicKeyInfo))
        {
            Log.PreparedKeyMismatch(_logger, prepared.SlotId);
            return await ClaimAndGenerateAsync(current, prepared, steps, cancellationToken).ConfigureAwait(false);
        }

        var now = TimeProvider.GetUtcNow();
        var state = current.State.Replace(prepared with { Status = SlotStatus.Active, ActivatedAt = now });
        JwtKeySlot? retired = null;
        if (active is not null)
        {
            retired = active with { Status = SlotStatus.Retired, RetiredAt = now, PublishUntil = now + Schedule.RetiredPublishWindow };
            state = state.Replace(retired);
        }

        var (written, won) = await _slots.WriteOrRereadAsync(state, current, cancellationToken).ConfigureAwait(false);
        if (!won)
        {
            return written;
        }

        Log.Activated(_logger, prepared.SlotId, prepared.Kid);
        steps.Add(new RotationStep(RotationStepKind.Activated, prepared.SlotId, prepared.Kid));
        if (retired is not null)
        {
            Log.Retired(_logger, retired.SlotId, retired.Kid, retired.PublishUntil!.Value);
            steps.Add(new RotationStep(RotationStepKind.Retired, retired.SlotId, retired.Kid));
        }

        return written;
    }

    private async Task DeleteKeyAsync(string slotId, CancellationToken cancellationToken)
    {
        try
        {
            await KeyManager.DeleteKeyAsync(slotId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The document no longer names the key, so nothing can sign with it; it only costs until deleted by hand.
            Log.DeleteFailed(_logger, slotId, e.GetType().Name);
        }
    }

    internal static string Thumbprint(KeyType keyType, byte[] subjectPublicKeyInfo) =>
        JwtSigner.KeyIdOf(keyType, subjectPublicKeyInfo);

    /// <summary>A new slot id (<c>jwt-{yyyyMMddHHmmss}-{8 hex}</c>); also the key manager key id.</summary>
    private static string NewSlotId(DateTimeOffset now) => SlotIds.New("jwt", now);
}
