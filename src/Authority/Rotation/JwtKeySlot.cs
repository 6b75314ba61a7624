using Bridge.Abstractions.Keys;
using Bridge.Authority.Rotation.Engine;

namespace Bridge.Authority.Rotation;

/// <summary>One JWT signing key in the rotation state (the JSON shape of the <c>jwt-keys</c> document).</summary>
internal sealed record JwtKeySlot
{
    /// <summary>The slot's identifier, also the key manager's key id; unique per slot.</summary>
    public required string SlotId { get; init; }

    public required SlotStatus Status { get; init; }

    public required KeyType KeyType { get; init; }

    /// <summary>The RFC 7638 thumbprint; null while pending.</summary>
    public string? Kid { get; init; }

    /// <summary>The DER SubjectPublicKeyInfo; null while pending.</summary>
    public byte[]? SubjectPublicKeyInfo { get; init; }

    /// <summary>When the current generation claim was made; it may be taken over after the pending timeout.</summary>
    public DateTimeOffset? ClaimedAt { get; init; }

    /// <summary>Grows with every claim of the slot, so a generator whose claim was taken over knows it lost.</summary>
    public int Attempt { get; init; }

    public DateTimeOffset? PreparedAt { get; init; }

    public DateTimeOffset? ActivatedAt { get; init; }

    public DateTimeOffset? RetiredAt { get; init; }

    /// <summary>For retired keys: when the last token the key may have signed has expired everywhere.</summary>
    public DateTimeOffset? PublishUntil { get; init; }
}
