using System.Security.Cryptography.X509Certificates;
using Bridge.Spiffe.Bundle.Jwt;
using Bridge.Spiffe.Bundle.X509;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Internal;

namespace Bridge.Spiffe.Bundle;

/// <summary>
/// A SPIFFE bundle (SPIFFE Trust Domain and Bundle spec): the X.509 and JWT authorities of one trust domain plus
/// the optional <c>spiffe_sequence</c> and <c>spiffe_refresh_hint</c>. Immutable. Serves as both an X.509 and a JWT
/// bundle source for its own trust domain. The bundle does not own its certificates and never disposes them.
/// </summary>
public sealed class SpiffeBundle : IX509BundleSource, IJwtBundleSource
{
    /// <summary>Creates a bundle.</summary>
    /// <param name="trustDomain">The trust domain (bundles do not name it themselves).</param>
    /// <param name="x509Authorities">Root certificates with EC P-256/P-384/P-521 or RSA keys; duplicates are dropped.</param>
    /// <param name="jwtAuthorities">JWT signing keys with distinct key IDs.</param>
    /// <param name="sequenceNumber">Non-negative; must change whenever the contents change.</param>
    /// <param name="refreshHint">Non-negative; serialized in whole seconds (rounded down).</param>
    /// <exception cref="ArgumentException">A rule above is broken or the trust domain is zero.</exception>
    public SpiffeBundle(
        TrustDomain trustDomain,
        IEnumerable<X509Certificate2> x509Authorities,
        IEnumerable<JwtAuthority> jwtAuthorities,
        long? sequenceNumber = null,
        TimeSpan? refreshHint = null)
    {
        ArgumentNullException.ThrowIfNull(x509Authorities);
        ArgumentNullException.ThrowIfNull(jwtAuthorities);
        if (sequenceNumber < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sequenceNumber), "The sequence number must not be negative.");
        }

        if (refreshHint < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(refreshHint), "The refresh hint must not be negative.");
        }

        X509Bundle = new X509Bundle(trustDomain, x509Authorities);
        JwtBundle = new JwtBundle(trustDomain, jwtAuthorities);
        X509AuthorityKeys = [.. X509Bundle.Authorities.Select(KeyOf)];
        SequenceNumber = sequenceNumber;
        RefreshHint = refreshHint;
    }

    /// <summary>The trust domain.</summary>
    public TrustDomain TrustDomain => X509Bundle.TrustDomain;

    /// <summary>The X.509 authorities (root certificates), in the order given.</summary>
    public IReadOnlyList<X509Certificate2> X509Authorities => X509Bundle.Authorities;

    /// <summary>The JWT authorities by key ID.</summary>
    public IReadOnlyDictionary<string, JwtAuthority> JwtAuthorities => JwtBundle.Authorities;

    /// <summary>The <c>spiffe_sequence</c>, if set.</summary>
    public long? SequenceNumber { get; }

    /// <summary>The <c>spiffe_refresh_hint</c>, if set. Clients default to a short interval (about 5 minutes) without it.</summary>
    public TimeSpan? RefreshHint { get; }

    /// <summary>The X.509 part as an <see cref="X509.X509Bundle"/>.</summary>
    public X509Bundle X509Bundle { get; }

    /// <summary>The JWT part as a <see cref="Jwt.JwtBundle"/>.</summary>
    public JwtBundle JwtBundle { get; }

    internal IReadOnlyList<PublicKeyMaterial> X509AuthorityKeys { get; }

    /// <inheritdoc/>
    public X509Bundle? GetX509BundleForTrustDomain(TrustDomain trustDomain) =>
        trustDomain == TrustDomain ? X509Bundle : null;

    /// <inheritdoc/>
    public JwtBundle? GetJwtBundleForTrustDomain(TrustDomain trustDomain) =>
        trustDomain == TrustDomain ? JwtBundle : null;

    private static PublicKeyMaterial KeyOf(X509Certificate2 certificate) =>
        PublicKeyMaterial.TryFromSubjectPublicKeyInfo(certificate.PublicKey.ExportSubjectPublicKeyInfo(), out var key, out var error)
            ? key
            : throw new ArgumentException($"X.509 authority '{certificate.Subject}' has an unsupported key: {error}.", "x509Authorities");
}
