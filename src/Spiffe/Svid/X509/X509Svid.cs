using System.Security.Cryptography.X509Certificates;
using Bridge.Spiffe.Id;

namespace Bridge.Spiffe.Svid.X509;

/// <summary>An X.509-SVID: a SPIFFE ID and its certificate chain, leaf first. Does not own the certificates.</summary>
public sealed class X509Svid
{
    /// <summary>Creates an SVID.</summary>
    /// <exception cref="ArgumentException">The ID is zero or the chain is empty.</exception>
    public X509Svid(SpiffeId id, IReadOnlyList<X509Certificate2> certificates)
    {
        if (id.IsZero)
        {
            throw new ArgumentException("The SPIFFE ID must not be zero.", nameof(id));
        }

        ArgumentNullException.ThrowIfNull(certificates);
        if (certificates.Count == 0)
        {
            throw new ArgumentException("An X.509-SVID needs at least its leaf certificate.", nameof(certificates));
        }

        Id = id;
        Certificates = [.. certificates];
    }

    /// <summary>The SPIFFE ID in the leaf's URI SAN.</summary>
    public SpiffeId Id { get; }

    /// <summary>The leaf followed by any intermediates.</summary>
    public IReadOnlyList<X509Certificate2> Certificates { get; }

    /// <summary>The leaf certificate.</summary>
    public X509Certificate2 Leaf => Certificates[0];
}
