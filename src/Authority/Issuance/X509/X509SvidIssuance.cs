using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.Authority.Issuance.X509;

/// <summary>The outcome of <see cref="X509SvidIssuer.IssueAsync"/>: an SVID with its chain, or why there is none.</summary>
public sealed class X509SvidIssuance
{
    private X509SvidIssuance(
        X509SvidFailure failure,
        X509Certificate2? leaf,
        IReadOnlyList<X509Certificate2> intermediates,
        IReadOnlyList<X509Certificate2> trustAnchors,
        string serialNumber,
        DateTimeOffset expiresAt)
    {
        Failure = failure;
        Leaf = leaf;
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
    public X509Certificate2? Leaf { get; }

    /// <summary>The certificates between the leaf and a trust anchor, Bridge's intermediate first; empty on failure.</summary>
    public IReadOnlyList<X509Certificate2> Intermediates { get; }

    /// <summary>The roots the chain validates against (the X.509 trust bundle); empty on failure.</summary>
    public IReadOnlyList<X509Certificate2> TrustAnchors { get; }

    /// <summary>The leaf's serial number as uppercase hex (for audit logs); empty on failure.</summary>
    public string SerialNumber { get; }

    /// <summary>The leaf's NotAfter; default on failure.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>A successful issuance.</summary>
    public static X509SvidIssuance Success(
        X509Certificate2 leaf,
        IReadOnlyList<X509Certificate2> intermediates,
        IReadOnlyList<X509Certificate2> trustAnchors,
        DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(intermediates);
        ArgumentNullException.ThrowIfNull(trustAnchors);
        return new(X509SvidFailure.None, leaf, intermediates, trustAnchors, leaf.SerialNumber, expiresAt);
    }

    /// <summary>A failed issuance.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="failure"/> is <see cref="X509SvidFailure.None"/>.</exception>
    public static X509SvidIssuance Failed(X509SvidFailure failure)
    {
        if (failure == X509SvidFailure.None || !Enum.IsDefined(failure))
        {
            throw new ArgumentOutOfRangeException(nameof(failure), failure, "A failure must name a reason.");
        }

        return new(failure, null, [], [], string.Empty, default);
    }
}
