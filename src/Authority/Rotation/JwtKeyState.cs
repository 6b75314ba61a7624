using Bridge.Authority.Rotation.Engine;

namespace Bridge.Authority.Rotation;

/// <summary>The content of the <c>jwt-keys</c> state document.</summary>
internal sealed record JwtKeyState
{
    /// <summary>The format this code writes; a document of another format is refused, never overwritten.</summary>
    public const int CurrentFormat = 1;

    public static readonly JwtKeyState Empty = new() { Format = CurrentFormat, Slots = [] };

    public required int Format { get; init; }

    public required IReadOnlyList<JwtKeySlot> Slots { get; init; }

    public JwtKeySlot? Active => Find(SlotStatus.Active);

    /// <summary>The one slot that is pending or prepared: the next key.</summary>
    public JwtKeySlot? Next => Find(SlotStatus.Pending) ?? Find(SlotStatus.Prepared);

    public JwtKeySlot? Find(SlotStatus status)
    {
        foreach (var slot in Slots)
        {
            if (slot.Status == status)
            {
                return slot;
            }
        }

        return null;
    }

    public JwtKeySlot? FindSlot(string slotId)
    {
        foreach (var slot in Slots)
        {
            if (string.Equals(slot.SlotId, slotId, StringComparison.Ordinal))
            {
                return slot;
            }
        }

        return null;
    }

    /// <summary>A copy with <paramref name="replacement"/> in place of the slot with the same id.</summary>
    public JwtKeyState Replace(JwtKeySlot replacement) =>
        this with { Slots = [.. Slots.Select(s => string.Equals(s.SlotId, replacement.SlotId, StringComparison.Ordinal) ? replacement : s)] };
}
