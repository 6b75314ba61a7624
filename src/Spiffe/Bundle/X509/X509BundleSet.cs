using Bridge.Spiffe.Id;

namespace Bridge.Spiffe.Bundle.X509;

/// <summary>X.509 bundles of several trust domains (go-spiffe <c>x509bundle.Set</c>), immutable.</summary>
public sealed class X509BundleSet : IX509BundleSource
{
    private readonly BundlesByTrustDomain<X509Bundle> _bundles;

    /// <summary>Creates a set.</summary>
    /// <exception cref="ArgumentException">Two bundles have the same trust domain.</exception>
    public X509BundleSet(IEnumerable<X509Bundle> bundles) =>
        _bundles = new(bundles, bundle => bundle.TrustDomain, "X.509", nameof(bundles));

    /// <summary>The bundles, ordered by trust domain name.</summary>
    public IReadOnlyList<X509Bundle> Bundles => _bundles.Ordered;

    /// <inheritdoc/>
    public X509Bundle? GetX509BundleForTrustDomain(TrustDomain trustDomain) => _bundles.Find(trustDomain);
}
