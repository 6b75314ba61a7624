using System.Security.Cryptography.X509Certificates;
using Bridge.Spiffe.Id;

namespace Bridge.Spiffe.Bundle.X509;

/// <summary>
/// The X.509 authorities (root CA certificates) of one trust domain. Immutable; a certificate listed twice is kept
/// once. The bundle does not own the certificates and never disposes them.
/// </summary>
public sealed class X509Bundle : IX509BundleSource
{
    /// <summary>Creates a bundle.</summary>
    /// <exception cref="ArgumentException">The trust domain is zero.</exception>
    public X509Bundle(TrustDomain trustDomain, IEnumerable<X509Certificate2> authorities)
    {
        if (trustDomain.IsZero)
        {
            throw new ArgumentException("The trust domain must not be zero.", nameof(trustDomain));
        }

        ArgumentNullException.ThrowIfNull(authorities);
        TrustDomain = trustDomain;
        Authorities = Distinct(authorities);
    }

    /// <summary>The trust domain the authorities belong to.</summary>
    public TrustDomain TrustDomain { get; }

    /// <summary>The root certificates, in the order given. Empty means every X.509-SVID of the domain is invalid.</summary>
    public IReadOnlyList<X509Certificate2> Authorities { get; }

    /// <summary>True when a certificate with the same DER encoding is one of the authorities.</summary>
    public bool HasAuthority(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Authorities.Any(a => a.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span));
    }

    /// <inheritdoc/>
    public X509Bundle? GetX509BundleForTrustDomain(TrustDomain trustDomain) => trustDomain == TrustDomain ? this : null;

    internal static X509Certificate2[] Distinct(IEnumerable<X509Certificate2> certificates)
    {
        var result = new List<X509Certificate2>();
        foreach (var certificate in certificates)
        {
            ArgumentNullException.ThrowIfNull(certificate, nameof(certificates));
            if (!result.Exists(c => c.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span)))
            {
                result.Add(certificate);
            }
        }

        return [.. result];
    }
}
