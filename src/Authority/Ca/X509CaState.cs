using System.Security.Cryptography.X509Certificates;

namespace Bridge.Authority.Ca;

/// <summary>The active intermediate with everything leaf issuance needs; replaced as a whole, never mutated.</summary>
/// <param name="Signing">Bridge's intermediate and its key.</param>
/// <param name="Intermediates">Bridge's intermediate first, then upstream intermediates.</param>
/// <param name="TrustAnchors">The published upstream roots (of every prepared, active and unexpired retired CA).</param>
internal sealed record X509CaState(
    SigningAuthority Signing,
    IReadOnlyList<X509Certificate2> Intermediates,
    IReadOnlyList<X509Certificate2> TrustAnchors);
