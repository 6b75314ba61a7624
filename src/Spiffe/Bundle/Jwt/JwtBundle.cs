using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Bridge.Spiffe.Id;

namespace Bridge.Spiffe.Bundle.Jwt;

/// <summary>The JWT-SVID signing keys of one trust domain, by key ID. Immutable.</summary>
public sealed class JwtBundle : IJwtBundleSource
{
    private readonly FrozenDictionary<string, JwtAuthority> _authorities;

    /// <summary>Creates a bundle.</summary>
    /// <exception cref="ArgumentException">The trust domain is zero or two authorities share a key ID.</exception>
    public JwtBundle(TrustDomain trustDomain, IEnumerable<JwtAuthority> authorities)
    {
        if (trustDomain.IsZero)
        {
            throw new ArgumentException("The trust domain must not be zero.", nameof(trustDomain));
        }

        ArgumentNullException.ThrowIfNull(authorities);
        TrustDomain = trustDomain;
        _authorities = ToMap(authorities);
    }

    /// <summary>The trust domain the keys belong to.</summary>
    public TrustDomain TrustDomain { get; }

    /// <summary>The keys by <c>kid</c> (ordinal). Empty means every JWT-SVID of the domain is invalid.</summary>
    public IReadOnlyDictionary<string, JwtAuthority> Authorities => _authorities;

    /// <summary>Looks up a key by its <c>kid</c>.</summary>
    public bool TryGetAuthority(string keyId, [NotNullWhen(true)] out JwtAuthority? authority) =>
        _authorities.TryGetValue(keyId, out authority);

    /// <inheritdoc/>
    public JwtBundle? GetJwtBundleForTrustDomain(TrustDomain trustDomain) => trustDomain == TrustDomain ? this : null;

    internal static FrozenDictionary<string, JwtAuthority> ToMap(IEnumerable<JwtAuthority> authorities)
    {
        var map = new Dictionary<string, JwtAuthority>(StringComparer.Ordinal);
        foreach (var authority in authorities)
        {
            ArgumentNullException.ThrowIfNull(authority, nameof(authorities));
            if (!map.TryAdd(authority.KeyId, authority))
            {
                throw new ArgumentException($"Two JWT authorities with key ID '{authority.KeyId}'.", nameof(authorities));
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
