using Bridge.Abstractions.Keys;
using Bridge.Authority.Rotation.Engine;

namespace Bridge.Authority.Ca.Rotation;

/// <summary>One CA slot as <c>bridge ca show</c> prints it. Certificate fields are null while the slot is pending.</summary>
/// <param name="SlotId">The slot's identifier, also its key's identifier in the key manager.</param>
/// <param name="Status">The slot's status.</param>
/// <param name="KeyType">The CA key's type.</param>
/// <param name="SerialNumber">The CA certificate's serial number (hex).</param>
/// <param name="SubjectKeyId">The CA certificate's subject key identifier (hex): the AKI of the SVIDs it signs.</param>
/// <param name="Subject">The CA certificate's subject.</param>
/// <param name="Issuer">The CA certificate's issuer: the upstream CA.</param>
/// <param name="NotBefore">Start of validity.</param>
/// <param name="NotAfter">End of validity.</param>
/// <param name="ClaimedAt">When an instance claimed the slot.</param>
/// <param name="PreparedAt">When it was certified and published.</param>
/// <param name="ActivatedAt">When it began to sign.</param>
/// <param name="RetiredAt">When it stopped signing.</param>
/// <param name="UpstreamRootFingerprints">SHA-256 fingerprints (hex) of the upstream roots it chains to.</param>
public sealed record X509CaSlotDescription(
    string SlotId,
    SlotStatus Status,
    KeyType KeyType,
    string? SerialNumber,
    string? SubjectKeyId,
    string? Subject,
    string? Issuer,
    DateTimeOffset? NotBefore,
    DateTimeOffset? NotAfter,
    DateTimeOffset ClaimedAt,
    DateTimeOffset? PreparedAt,
    DateTimeOffset? ActivatedAt,
    DateTimeOffset? RetiredAt,
    IReadOnlyList<string> UpstreamRootFingerprints);
