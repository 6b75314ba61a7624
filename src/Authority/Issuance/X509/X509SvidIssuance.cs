using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.Authority.Issuance.X509;

/// <summary>The outcome of <see cref="X509SvidIssuer.IssueAsync"/>: an SVID with its chain, or why there is none.</summary>
public sealed class X509SvidIssuance
{
    private readonly Lazy<X509Certificate2>? _leaf;

    private X509SvidIssuance(
        X509SvidFailure failure,
        ReadOnlyMemory<byte> leafDer,
        IReadOnlyList<X509Certificate2> intermediates,
        IReadOnlyList<X509Certificate2> trustAnchors,
        string serialNumber,
        DateTimeOffset expiresAt)
    {
        Failure = failure;
        LeafDer = leafDer;

        // Parsing a certificate costs ~150 µs on OpenSSL; the HTTP edge only needs the DER, so parse on first use.
        _leaf = leafDer.IsEmpty ? null : new Lazy<X509Certificate2>(() => X509CertificateLoader.LoadCertificate(leafDer.Span));
        Intermediates = intermediates;
        TrustAnchors = trustAnchors;
        SerialNumber = serialNumber;
        ExpiresAt = expiresAt;
    }

    /// <summary>True when an SVID was issued; then <see cref="Leaf"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Leaf))]
    public bool Succeeded => Failure == X509SvidFailure.None;

    /// <summary>Why issuance failed; <see cref="X509SvidFailure.None"/> on success.</summary>
    public X509SvidFailure Failure { get; }

    /// <summary>The X.509-SVID.</summary>
    public X509Certificate2? Leaf => _leaf?.Value;

    /// <summary>The issued leaf certificate as DER (empty on failure).</summary>
    public ReadOnlyMemory<byte> LeafDer { get; }

    /// <summary>The certificates between the leaf and a trust anchor, Bridge's intermediate first; empty on failure.</summary>
    public IReadOnlyList<X509Certificate2> Intermediates { get; }

    /// <summary>The roots the chain validates against (the X.509 trust bundle); empty on failure.</summary>
    public IReadOnlyList<X509Certificate2> TrustAnchors { get; }

    /// <summary>The leaf's serial number as uppercase hex (for audit logs); empty on failure.</summary>
    public string SerialNumber { get; }

    /// <summary>The leaf's NotAfter; default on failure.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>A successful issuance.</summary>
    /// <param name="leafDer">The leaf certificate as DER.</param>
    /// <param name="serialNumber">The leaf's serial number as uppercase hex.</param>
    /// <param name="intermediates">Bridge's intermediate, then any upstream intermediates.</param>
    /// <param name="trustAnchors">The roots of the trust domain.</param>
    /// <param name="expiresAt">The leaf's NotAfter.</param>
    public static X509SvidIssuance Success(
        ReadOnlyMemory<byte> leafDer,
        string serialNumber,
        IReadOnlyList<X509Certificate2> intermediates,
        IReadOnlyList<X509Certificate2> trustAnchors,
        DateTimeOffset expiresAt)
    {
        if (leafDer.IsEmpty)
        {
            throw new ArgumentException("The leaf certificate is required.", nameof(leafDer));
        }

        ArgumentException.ThrowIfNullOrEmpty(serialNumber);
        ArgumentNullException.ThrowIfNull(intermediates);
        ArgumentNullException.ThrowIfNull(trustAnchors);
        return new(X509SvidFailure.None, leafDer, intermediates, trustAnchors, serialNumber, expiresAt);
    }

    /// <summary>A failed issuance.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="failure"/> is <see cref="X509SvidFailure.None"/>.</exception>
    public static X509SvidIssuance Failed(X509SvidFailure failure)
    {
        if (failure == X509SvidFailure.None || !Enum.IsDefined(failure))
        {
            throw new ArgumentOutOfRangeException(nameof(failure), failure, "A failure must name a reason.");
        }

        return new(failure, ReadOnlyMemory<byte>.Empty, [], [], string.Empty, default);
    }
}
