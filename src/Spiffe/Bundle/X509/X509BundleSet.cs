using System.Collections.Frozen;
using Bridge.Spiffe.Id;

namespace Bridge.Spiffe.Bundle.X509;

/// <summary>X.509 bundles of several trust domains (go-spiffe <c>x509bundle.Set</c>), immutable.</summary>
public sealed class X509BundleSet : IX509BundleSource
{
    private readonly FrozenDictionary<TrustDomain, X509Bundle> _bundles;

    /// <summary>Creates a set.</summary>
    /// <exception cref="ArgumentException">Two bundles have the same trust domain.</exception>
    public X509BundleSet(IEnumerable<X509Bundle> bundles)
    {
        ArgumentNullException.ThrowIfNull(bundles);
        var map = new Dictionary<TrustDomain, X509Bundle>();
        foreach (var bundle in bundles)
        {
            ArgumentNullException.ThrowIfNull(bundle, nameof(bundles));
            if (!map.TryAdd(bundle.TrustDomain, bundle))
            {
                throw new ArgumentException($"Two X.509 bundles for trust domain '{bundle.TrustDomain}'.", nameof(bundles));
            }
        }

        _bundles = map.ToFrozenDictionary();
        Bundles = [.. map.Values.OrderBy(b => b.TrustDomain.Name, StringComparer.Ordinal)];
    }

    /// <summary>The bundles, ordered by trust domain name.</summary>
    public IReadOnlyList<X509Bundle> Bundles { get; }

    /// <inheritdoc/>
    public X509Bundle? GetX509BundleForTrustDomain(TrustDomain trustDomain) =>
        _bundles.GetValueOrDefault(trustDomain);
}
