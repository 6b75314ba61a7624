using System.Security.Cryptography.X509Certificates;
using Bridge.Authority.Ca;
using Bridge.Authority.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Issuance.X509;

/// <summary>
/// Issues X.509-SVIDs (SPIFFE X509-SVID spec, SPIRE's workload template) for a caller's PKCS#10 request. Only the
/// request's public key is used: its subject, names and extensions are ignored, so a request cannot obtain CA rights,
/// extra SPIFFE IDs or extra DNS names. Signing goes through the intermediate's key in the key manager.
/// </summary>
public sealed class X509SvidIssuer
{
    /// <summary>Longest DNS name (RFC 1035 presentation form without the trailing dot).</summary>
    public const int MaxDnsNameLength = DnsName.MaxLength;

    /// <summary>Longest CommonName (RFC 5280 ub-common-name); a longer first DNS name is left out of the subject.</summary>
    private const int MaxCommonNameLength = 64;

    private readonly X509CertificateAuthority _authority;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the issuer.</summary>
    /// <param name="authority">Bridge's intermediate CA; minted on first use if not initialized yet.</param>
    /// <param name="timeProvider">The clock.</param>
    public X509SvidIssuer(X509CertificateAuthority authority, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _authority = authority;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Issues an X.509-SVID for the key in <paramref name="csrDer"/>. A bad request is a failure value; the other
    /// arguments come from Bridge's own pipeline (registration, options), so invalid ones are bugs and throw.
    /// </summary>
    /// <param name="csrDer">The caller's DER PKCS#10 request (untrusted).</param>
    /// <param name="spiffeId">The SVID's SPIFFE ID: a non-root ID in the authority's trust domain.</param>
    /// <param name="dnsNames">DNS SANs (the first also becomes the CommonName); may be empty.</param>
    /// <param name="ttl">Requested lifetime; the SVID never outlives the intermediate.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="ArgumentException">The SPIFFE ID, a DNS name or the TTL is invalid.</exception>
    public async Task<X509SvidIssuance> IssueAsync(
        ReadOnlyMemory<byte> csrDer,
        SpiffeId spiffeId,
        IReadOnlyList<string> dnsNames,
        TimeSpan ttl,
        CancellationToken cancellationToken)
    {
        var failure = TryParseRequest(csrDer, out var csr);
        return csr is null
            ? X509SvidIssuance.Failed(failure)
            : await IssueAsync(csr, spiffeId, dnsNames, ttl, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Parses and verifies the caller's request without signing anything, so the exchange can refuse a bad request
    /// before it spends the caller's evidence. <paramref name="csr"/> is set only when the result is
    /// <see cref="X509SvidFailure.None"/>.
    /// </summary>
    internal static X509SvidFailure TryParseRequest(ReadOnlyMemory<byte> csrDer, out ParsedCsr? csr) =>
        CsrParser.TryParse(csrDer, out csr) switch
        {
            CsrParseStatus.Valid when csr is not null => X509SvidFailure.None,
            CsrParseStatus.InvalidSignature => X509SvidFailure.InvalidCsrSignature,
            CsrParseStatus.UnsupportedKey => X509SvidFailure.UnsupportedKey,
            _ => X509SvidFailure.MalformedCsr,
        };

    /// <summary>Issues an X.509-SVID for a request already parsed by <see cref="TryParseRequest"/>.</summary>
    /// <exception cref="ArgumentException">The SPIFFE ID, a DNS name or the TTL is invalid.</exception>
    internal async Task<X509SvidIssuance> IssueAsync(
        ParsedCsr csr,
        SpiffeId spiffeId,
        IReadOnlyList<string> dnsNames,
        TimeSpan ttl,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csr);
        ArgumentNullException.ThrowIfNull(dnsNames);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        if (spiffeId.IsZero || spiffeId.IsRoot)
        {
            throw new ArgumentException("An X.509-SVID needs a SPIFFE ID with a path.", nameof(spiffeId));
        }

        if (!spiffeId.MemberOf(_authority.TrustDomain))
        {
            throw new ArgumentException($"The SPIFFE ID is not in trust domain '{_authority.TrustDomain}'.", nameof(spiffeId));
        }

        var names = NormalizeDnsNames(dnsNames);

        var ca = await _authority.GetCurrentAsync(cancellationToken).ConfigureAwait(false);
        var now = X509Der.TruncateToSeconds(_timeProvider.GetUtcNow());
        var notAfter = now + ttl < ca.Signing.NotAfter ? now + ttl : ca.Signing.NotAfter;
        var template = new CertificateTemplate(
            LeafSubject(names),
            csr.SubjectPublicKeyInfo,
            now - X509Der.NotBeforeCushion,
            notAfter,
            [
                CertificateExtensions.LeafBasicConstraints(),
                CertificateExtensions.LeafKeyUsage(csr.IsRsa),
                CertificateExtensions.LeafExtendedKeyUsage(),
                CertificateExtensions.SubjectKeyIdentifier(csr.SubjectPublicKeyInfo),
                CertificateExtensions.AuthorityKeyIdentifier(ca.Signing.KeyIdentifier),
                CertificateExtensions.SubjectAlternativeName(spiffeId.ToString(), names),
            ]);
        var leaf = await CertificateSigner.SignDerAsync(
            template, ca.Signing.Certificate.SubjectName, ca.Signing.Key, verifySignature: false, cancellationToken).ConfigureAwait(false);
        return X509SvidIssuance.Success(leaf.Der, leaf.SerialNumber, ca.Intermediates, ca.TrustAnchors, leaf.NotAfter);
    }

    /// <summary>SPIRE's workload subject (C=US, O=SPIRE there; O=SPIFFE here) with CN = the first DNS name.</summary>
    private static X500DistinguishedName LeafSubject(IReadOnlyList<string> dnsNames)
    {
        // The builder encodes in reverse order of the calls (LDAP string order); the DER is C, O, CN.
        var builder = new X500DistinguishedNameBuilder();
        if (dnsNames is [var first, ..] && first.Length <= MaxCommonNameLength)
        {
            builder.AddCommonName(first);
        }

        builder.AddOrganizationName("SPIFFE");
        builder.AddCountryOrRegion("US");
        return builder.Build();
    }

    /// <summary>
    /// Checks each name with the entry validator's own rule (<see cref="DnsName"/>), so that any entry the validator
    /// accepted can be issued, and drops duplicates.
    /// </summary>
    private static string[] NormalizeDnsNames(IReadOnlyList<string> dnsNames)
    {
        var names = new List<string>(dnsNames.Count);
        foreach (var name in dnsNames)
        {
            if (!DnsName.IsValid(name))
            {
                throw new ArgumentException("A DNS name is not a valid host name.", nameof(dnsNames));
            }

            if (!names.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                names.Add(name);
            }
        }

        return [.. names];
    }
}
