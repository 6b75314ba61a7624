using System.Security.Cryptography.X509Certificates;

namespace Bridge.Agent.Server;

/// <summary>One X.509-SVID of a batch answer.</summary>
/// <param name="EntryId">The entry it was issued for.</param>
/// <param name="SpiffeId">Its SPIFFE ID.</param>
/// <param name="Chain">Leaf first, then intermediates (no roots). The caller owns the certificates.</param>
/// <param name="ExpiresAt">The leaf's NotAfter.</param>
/// <param name="Hint">The entry's hint, or null.</param>
public sealed record MintedX509Svid(string EntryId, string SpiffeId, IReadOnlyList<X509Certificate2> Chain, DateTimeOffset ExpiresAt, string? Hint);
