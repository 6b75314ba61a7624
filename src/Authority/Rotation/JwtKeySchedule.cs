using Bridge.Abstractions.Keys;
using Bridge.Authority.Rotation.Engine;

namespace Bridge.Authority.Rotation;

/// <summary>The rotation rules as pure functions of the state and the time; docs/rotation.md explains each wait.</summary>
internal sealed class JwtKeySchedule
{
    public JwtKeySchedule(AuthorityOptions authority, JwtKeyRotationOptions rotation)
    {
        KeyType = authority.JwtKeyType;
        KeyLifetime = rotation.KeyLifetime;
        RefreshInterval = authority.StateRefreshInterval;
        // The oldest view of the state any healthy instance may sign or publish from.
        MaxStateAge = authority.StateRefreshInterval + rotation.StateStaleTolerance;
        // A prepared key must be served by every instance (after at most MaxStateAge) and then fetched by every relying
        // party that honours the refresh hint, before anything is signed with it: AWS IAM and other verifiers cache
        // the JWKS and look keys up by kid, so a token with an unseen kid would be rejected.
        PublishWait = authority.BundleRefreshHint + MaxStateAge;
        // An instance with an old view may sign with a retired key for up to MaxStateAge after retirement; that token
        // lives up to MaxJwtSvidTtl and verifiers accept it a skew allowance past exp.
        RetiredPublishWindow = TimeSpan.FromSeconds(Math.Ceiling(authority.MaxJwtSvidTtl.TotalSeconds)) + MaxStateAge + rotation.ClockSkewAllowance;
        PendingTimeout = rotation.PendingTimeout;
        MaxPublishedKeys = rotation.MaxPublishedKeys;
    }

    public KeyType KeyType { get; }

    public TimeSpan KeyLifetime { get; }

    public TimeSpan RefreshInterval { get; }

    public TimeSpan MaxStateAge { get; }

    public TimeSpan PublishWait { get; }

    public TimeSpan RetiredPublishWindow { get; }

    public TimeSpan PendingTimeout { get; }

    public int MaxPublishedKeys { get; }

    public static bool IsPublished(JwtKeySlot slot, DateTimeOffset now) => slot.Status switch
    {
        SlotStatus.Prepared or SlotStatus.Active => true,
        SlotStatus.Retired => now < slot.PublishUntil,
        _ => false,
    };

    /// <summary>The keys <c>/keys</c> and <c>/bundle</c> serve at <paramref name="now"/>, oldest first.</summary>
    public static IReadOnlyList<JwtKeySlot> Published(JwtKeyState state, DateTimeOffset now) =>
        [.. state.Slots.Where(s => IsPublished(s, now))];

    /// <summary>Retired keys no token can need any more.</summary>
    public static IReadOnlyList<JwtKeySlot> Expired(JwtKeyState state, DateTimeOffset now) =>
        [.. state.Slots.Where(s => s.Status == SlotStatus.Retired && now >= s.PublishUntil)];

    /// <summary>When the next key should be prepared: at ½ of the active key's life, or at once when its type is no longer the configured one.</summary>
    public DateTimeOffset PrepareAt(JwtKeySlot active) =>
        active.KeyType != KeyType ? active.ActivatedAt!.Value : active.ActivatedAt!.Value + (KeyLifetime / 2);

    /// <summary>
    /// When a prepared key may sign: at ⅚ of the active key's life (SPIRE's rule; at once when the active key's type
    /// is no longer configured, or when there is none), but never before the prepared key has been published for
    /// <see cref="PublishWait"/>.
    /// </summary>
    public DateTimeOffset ActivateAt(JwtKeySlot? active, JwtKeySlot prepared)
    {
        var published = prepared.PreparedAt!.Value + PublishWait;
        if (active is null || active.KeyType != KeyType)
        {
            return published;
        }

        var planned = active.ActivatedAt!.Value + (KeyLifetime * 5 / 6);
        return planned > published ? planned : published;
    }

    /// <summary>True when a pending claim is old enough for another instance to take over.</summary>
    public bool IsAbandoned(JwtKeySlot pending, DateTimeOffset now) => now >= pending.ClaimedAt!.Value + PendingTimeout;

    /// <summary>
    /// The earliest time a rotation step becomes due; <see cref="DateTimeOffset.MinValue"/> when one is due already
    /// without regard to time (no active key). Used to rotate lazily when a scheduled run was missed.
    /// </summary>
    public DateTimeOffset NextStepAt(JwtKeyState state, DateTimeOffset now)
    {
        var active = state.Active;
        var next = state.Next;
        if (active is null && next is null)
        {
            return DateTimeOffset.MinValue;
        }

        var due = DateTimeOffset.MaxValue;
        foreach (var slot in state.Slots)
        {
            if (slot.Status == SlotStatus.Retired)
            {
                due = Min(due, slot.PublishUntil!.Value);
            }
        }

        if (next is { Status: SlotStatus.Pending })
        {
            due = Min(due, next.ClaimedAt!.Value + PendingTimeout);
        }
        else if (next is { Status: SlotStatus.Prepared })
        {
            due = Min(due, ActivateAt(active, next));
        }
        else if (active is not null && Published(state, now).Count < MaxPublishedKeys)
        {
            // At the bound, the retired key dropping out (above) is the next step.
            due = Min(due, PrepareAt(active));
        }

        return due;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
