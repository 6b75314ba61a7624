using Bridge.Spiffe.Bundle.X509;
using Bridge.Spiffe.Svid.X509;

namespace Bridge.Client.WorkloadApi;

/// <summary>
/// One accepted <c>X509SVIDResponse</c>: the chosen SVID (leaf with its key), the hint of its registration entry if the
/// agent sent one, and every bundle the message came with (the SVID's trust domain and any federated ones).
/// </summary>
/// <param name="Svid">The chosen X.509-SVID, verified against <paramref name="Bundles"/> when it was received.</param>
/// <param name="Hint">The operator-chosen label of the SVID's registration entry, or null.</param>
/// <param name="Bundles">The X.509 bundles of the message.</param>
public sealed record WorkloadApiX509Response(X509Svid Svid, string? Hint, X509BundleSet Bundles);
