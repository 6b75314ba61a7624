using System.Collections.Frozen;
using Bridge.Spiffe.Id;

namespace Bridge.Spiffe.Bundle.Jwt;

/// <summary>JWT bundles of several trust domains (go-spiffe <c>jwtbundle.Set</c>), immutable.</summary>
public sealed class JwtBundleSet : IJwtBundleSource
{
    private readonly FrozenDictionary<TrustDomain, JwtBundle> _bundles;

    /// <summary>Creates a set.</summary>
    /// <exception cref="ArgumentException">Two bundles have the same trust domain.</exception>
    public JwtBundleSet(IEnumerable<JwtBundle> bundles)
    {
        ArgumentNullException.ThrowIfNull(bundles);
        var map = new Dictionary<TrustDomain, JwtBundle>();
        foreach (var bundle in bundles)
        {
            ArgumentNullException.ThrowIfNull(bundle, nameof(bundles));
            if (!map.TryAdd(bundle.TrustDomain, bundle))
            {
                throw new ArgumentException($"Two JWT bundles for trust domain '{bundle.TrustDomain}'.", nameof(bundles));
            }
        }

        _bundles = map.ToFrozenDictionary();
        Bundles = [.. map.Values.OrderBy(b => b.TrustDomain.Name, StringComparer.Ordinal)];
    }

    /// <summary>The bundles, ordered by trust domain name.</summary>
    public IReadOnlyList<JwtBundle> Bundles { get; }

    /// <inheritdoc/>
    public JwtBundle? GetJwtBundleForTrustDomain(TrustDomain trustDomain) => _bundles.GetValueOrDefault(trustDomain);
}
