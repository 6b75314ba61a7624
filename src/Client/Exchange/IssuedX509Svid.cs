using System.Security.Cryptography.X509Certificates;
using Bridge.Spiffe.Bundle.X509;
using Bridge.Spiffe.Id;

namespace Bridge.Client.Exchange;

/// <summary>An X.509-SVID as issued by Bridge: the chain (no private key: it never left the caller) and the bundle.</summary>
/// <param name="SpiffeId">The SPIFFE ID in the leaf's URI SAN.</param>
/// <param name="Chain">The leaf, then Bridge's intermediates; verified against <paramref name="TrustBundle"/>.</param>
/// <param name="TrustBundle">The trust domain's X.509 roots.</param>
/// <param name="IssuedAt">When the client sent the request.</param>
/// <param name="ExpiresAt">The leaf's NotAfter.</param>
/// <param name="Hint">The registration entry's hint, if any.</param>
public sealed record IssuedX509Svid(
    SpiffeId SpiffeId, IReadOnlyList<X509Certificate2> Chain, X509Bundle TrustBundle, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string? Hint)
{
    /// <summary>The leaf certificate.</summary>
    public X509Certificate2 Leaf => Chain[0];
}
