using System.Collections.Frozen;
using Bridge.Spiffe.Id;

namespace Bridge.Spiffe.Bundle;

/// <summary>At most one bundle per trust domain: what both bundle sets hold, checked once.</summary>
/// <typeparam name="TBundle">The bundle type.</typeparam>
internal sealed class BundlesByTrustDomain<TBundle>
    where TBundle : class
{
    private readonly FrozenDictionary<TrustDomain, TBundle> _bundles;

    /// <param name="bundles">The bundles.</param>
    /// <param name="trustDomainOf">A bundle's trust domain.</param>
    /// <param name="kind">Names the bundles in the error ("JWT", "X.509").</param>
    /// <param name="parameterName">The caller's parameter, for the exceptions.</param>
    /// <exception cref="ArgumentException">Two bundles have the same trust domain.</exception>
    public BundlesByTrustDomain(IEnumerable<TBundle> bundles, Func<TBundle, TrustDomain> trustDomainOf, string kind, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(bundles, parameterName);
        var map = new Dictionary<TrustDomain, TBundle>();
        foreach (var bundle in bundles)
        {
            ArgumentNullException.ThrowIfNull(bundle, parameterName);
            var trustDomain = trustDomainOf(bundle);
            if (!map.TryAdd(trustDomain, bundle))
            {
                throw new ArgumentException($"Two {kind} bundles for trust domain '{trustDomain}'.", parameterName);
            }
        }

        _bundles = map.ToFrozenDictionary();
        Ordered = [.. map.OrderBy(pair => pair.Key.Name, StringComparer.Ordinal).Select(pair => pair.Value)];
    }

    /// <summary>The bundles, ordered by trust domain name.</summary>
    public IReadOnlyList<TBundle> Ordered { get; }

    /// <summary>The bundle of <paramref name="trustDomain"/>, or null.</summary>
    public TBundle? Find(TrustDomain trustDomain) => _bundles.GetValueOrDefault(trustDomain);
}
