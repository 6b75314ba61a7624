using Bridge.Authority.Rotation.Engine;

namespace Bridge.Authority.Ca.Rotation;

/// <summary>
/// The content of a CA state document ("x509-ca" for Bridge's intermediates, "upstream-root" for the self-signed root):
/// every slot every instance must agree on. Replaced as a whole by compare-and-swap, never mutated.
/// </summary>
internal sealed record CaSlotDocument
{
    /// <summary>The format version written by this code.</summary>
    public const int CurrentVersion = 1;

    /// <summary>An empty document: what an absent state document means.</summary>
    public static readonly CaSlotDocument Empty = new();

    /// <summary>The format version; a reader refuses versions it does not know.</summary>
    public int Version { get; init; } = CurrentVersion;

    /// <summary>The slots, in claim order.</summary>
    public IReadOnlyList<CaSlot> Slots { get; init; } = [];

    /// <summary>The active slot, if any (the latest activated, should a damaged document hold more).</summary>
    public CaSlot? Active => Slots.Where(s => s.Status == SlotStatus.Active).MaxBy(s => s.ActivatedAt);

    /// <summary>The slot with <paramref name="slotId"/>, if any.</summary>
    public CaSlot? Find(string slotId) => Slots.FirstOrDefault(s => s.SlotId == slotId);

    /// <summary>This document with <paramref name="slot"/> replacing the slot of the same identifier, or appended.</summary>
    public CaSlotDocument With(CaSlot slot) => this with
    {
        Slots = Find(slot.SlotId) is null ? [.. Slots, slot] : [.. Slots.Select(s => s.SlotId == slot.SlotId ? slot : s)],
    };

    /// <summary>
    /// This document without the slots that are done: expired CAs (everything they signed has expired with them) and
    /// claims older than <paramref name="pendingTimeout"/> (their owner died or stalled). Their keys are the caller's to
    /// delete once this document is written.
    /// </summary>
    public CaSlotDocument WithoutExpired(DateTimeOffset now, TimeSpan pendingTimeout, out IReadOnlyList<string> droppedSlotIds)
    {
        var dropped = Slots
            .Where(s => s.Status == SlotStatus.Pending ? now - s.ClaimedAt >= pendingTimeout : !s.IsValidAt(now))
            .Select(s => s.SlotId)
            .ToList();
        droppedSlotIds = dropped;
        return dropped.Count == 0 ? this : this with { Slots = [.. Slots.Where(s => !dropped.Contains(s.SlotId))] };
    }

    /// <summary>This document without the slot <paramref name="slotId"/>.</summary>
    public CaSlotDocument Without(string slotId) => this with { Slots = [.. Slots.Where(s => s.SlotId != slotId)] };

    /// <summary>
    /// This document with <paramref name="slot"/> active from <paramref name="now"/> and any other active slot retired:
    /// exactly one slot signs.
    /// </summary>
    public CaSlotDocument Activate(CaSlot slot, DateTimeOffset now) => this with
    {
        Slots =
        [
            .. Slots.Select(s => s.SlotId == slot.SlotId
                ? slot with { Status = SlotStatus.Active, ActivatedAt = now, PreparedAt = slot.PreparedAt ?? now }
                : s.Status == SlotStatus.Active ? s with { Status = SlotStatus.Retired, RetiredAt = now } : s),
        ],
    };
}
