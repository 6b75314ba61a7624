using Bridge.Spiffe.Id;

namespace Bridge.Spiffe.Bundle.Jwt;

/// <summary>JWT bundles of several trust domains (go-spiffe <c>jwtbundle.Set</c>), immutable.</summary>
public sealed class JwtBundleSet : IJwtBundleSource
{
    private readonly BundlesByTrustDomain<JwtBundle> _bundles;

    /// <summary>Creates a set.</summary>
    /// <exception cref="ArgumentException">Two bundles have the same trust domain.</exception>
    public JwtBundleSet(IEnumerable<JwtBundle> bundles) =>
        _bundles = new(bundles, bundle => bundle.TrustDomain, "JWT", nameof(bundles));

    /// <summary>The bundles, ordered by trust domain name.</summary>
    public IReadOnlyList<JwtBundle> Bundles => _bundles.Ordered;

    /// <inheritdoc/>
    public JwtBundle? GetJwtBundleForTrustDomain(TrustDomain trustDomain) => _bundles.Find(trustDomain);
}
