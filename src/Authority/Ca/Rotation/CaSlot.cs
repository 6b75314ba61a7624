using Bridge.Abstractions.Keys;
using Bridge.Authority.Rotation.Engine;

namespace Bridge.Authority.Ca.Rotation;

/// <summary>
/// One CA in a <see cref="CaSlotDocument"/>. Its key lives in the key manager under <see cref="SlotId"/>, which is unique
/// per claim, so that no two instances ever write the same key and a key always belongs to exactly one slot.
/// </summary>
internal sealed record CaSlot
{
    /// <summary>The slot's identifier and its key's identifier in the key manager.</summary>
    public required string SlotId { get; init; }

    /// <summary>The slot's status.</summary>
    public required SlotStatus Status { get; init; }

    /// <summary>The key type requested when the slot was claimed.</summary>
    public required KeyType KeyType { get; init; }

    /// <summary>When an instance claimed the slot; a pending claim older than the pending timeout may be taken over.</summary>
    public required DateTimeOffset ClaimedAt { get; init; }

    /// <summary>DER certificates: the slot's own CA certificate first, then upstream intermediates. Empty while pending.</summary>
    public IReadOnlyList<byte[]> Chain { get; init; } = [];

    /// <summary>DER upstream roots the chain validates against (empty for a self-signed root).</summary>
    public IReadOnlyList<byte[]> UpstreamRoots { get; init; } = [];

    /// <summary>Start of the CA certificate's validity.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>End of the CA certificate's validity; nothing it signs outlives it.</summary>
    public DateTimeOffset? NotAfter { get; init; }

    /// <summary>When the slot was certified (and published).</summary>
    public DateTimeOffset? PreparedAt { get; init; }

    /// <summary>When the slot began to sign.</summary>
    public DateTimeOffset? ActivatedAt { get; init; }

    /// <summary>When the slot stopped signing.</summary>
    public DateTimeOffset? RetiredAt { get; init; }

    /// <summary>True while the certificate is valid at <paramref name="now"/> (a pending slot never is).</summary>
    public bool IsValidAt(DateTimeOffset now) => Chain.Count > 0 && NotAfter is { } notAfter && now < notAfter;

    /// <summary>The certified lifetime.</summary>
    public TimeSpan Lifetime => (NotAfter ?? default) - (NotBefore ?? default);
}
