using Bridge.Abstractions.Keys;
using Bridge.Authority.Rotation.Engine;

namespace Bridge.Authority.Rotation;

/// <summary>A JWT signing key slot as <c>bridge ca show</c> lists it.</summary>
/// <param name="SlotId">The slot and key manager key id.</param>
/// <param name="Status">Where the key is in its life.</param>
/// <param name="KeyId">The <c>kid</c>; null while pending.</param>
/// <param name="KeyType">The key type.</param>
/// <param name="Published">Whether <c>/keys</c> and <c>/bundle</c> serve the key now.</param>
/// <param name="ClaimedAt">When its generation was claimed (pending slots).</param>
/// <param name="PreparedAt">When it was published.</param>
/// <param name="ActivatedAt">When it began to sign.</param>
/// <param name="RetiredAt">When it stopped signing.</param>
/// <param name="PublishUntil">When a retired key leaves the published set.</param>
public sealed record JwtKeySlotInfo(
    string SlotId,
    SlotStatus Status,
    string? KeyId,
    KeyType KeyType,
    bool Published,
    DateTimeOffset? ClaimedAt,
    DateTimeOffset? PreparedAt,
    DateTimeOffset? ActivatedAt,
    DateTimeOffset? RetiredAt,
    DateTimeOffset? PublishUntil);
