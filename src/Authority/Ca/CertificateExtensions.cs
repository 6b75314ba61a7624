using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.Authority.Ca;

/// <summary>Builds the extensions of SVIDs and signing certificates (SPIFFE X509-SVID §4, SPIRE's templates).</summary>
internal static class CertificateExtensions
{
    private const string SubjectAlternativeNameOid = "2.5.29.17";
    private const string SubjectKeyIdentifierOid = "2.5.29.14";
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>BasicConstraints cA=true, critical, with an optional path length.</summary>
    public static X509Extension CaBasicConstraints(int? pathLength) =>
        new X509BasicConstraintsExtension(true, pathLength.HasValue, pathLength ?? 0, critical: true);

    /// <summary>BasicConstraints cA=false, critical.</summary>
    public static X509Extension LeafBasicConstraints() => new X509BasicConstraintsExtension(false, false, 0, critical: true);

    /// <summary>KeyUsage keyCertSign | cRLSign, critical: what a signing certificate must and may set.</summary>
    public static X509Extension CaKeyUsage() =>
        new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true);

    /// <summary>
    /// KeyUsage for a leaf, critical: digitalSignature plus keyEncipherment for RSA (TLS RSA key transport) or
    /// keyAgreement for EC (ECDH); never keyCertSign or cRLSign.
    /// </summary>
    public static X509Extension LeafKeyUsage(bool isRsa) => new X509KeyUsageExtension(
        X509KeyUsageFlags.DigitalSignature | (isRsa ? X509KeyUsageFlags.KeyEncipherment : X509KeyUsageFlags.KeyAgreement),
        critical: true);

    /// <summary>ExtendedKeyUsage serverAuth + clientAuth: both are required when an SVID carries EKU.</summary>
    public static X509Extension LeafExtendedKeyUsage() =>
        new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid), new Oid(ClientAuthOid)], critical: false);

    /// <summary>SubjectKeyIdentifier: SHA-1 of the public key bits (RFC 5280 §4.2.1.2 method 1, as Go and SPIRE do).</summary>
    public static X509SubjectKeyIdentifierExtension SubjectKeyIdentifier(ReadOnlySpan<byte> subjectPublicKeyInfo) => new(
        PublicKey.CreateFromSubjectPublicKeyInfo(subjectPublicKeyInfo, out _),
        X509SubjectKeyIdentifierHashAlgorithm.Sha1,
        critical: false);

    /// <summary>AuthorityKeyIdentifier carrying the issuer's key identifier.</summary>
    public static X509Extension AuthorityKeyIdentifier(ReadOnlySpan<byte> issuerKeyIdentifier) =>
        X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(issuerKeyIdentifier);

    /// <summary>
    /// The key identifier of <paramref name="certificate"/>: its SubjectKeyIdentifier extension, or one derived from
    /// its key when an upstream omitted the extension.
    /// </summary>
    public static byte[] KeyIdentifierOf(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions[SubjectKeyIdentifierOid];
        if (extension is not null)
        {
            var ski = new X509SubjectKeyIdentifierExtension(extension, extension.Critical);
            return ski.SubjectKeyIdentifierBytes.ToArray();
        }

        return new X509SubjectKeyIdentifierExtension(certificate.PublicKey, X509SubjectKeyIdentifierHashAlgorithm.Sha1, false)
            .SubjectKeyIdentifierBytes.ToArray();
    }

    /// <summary>
    /// SubjectAltName with one URI and any DNS names, non-critical (every certificate here has a subject). Encoded
    /// directly because <see cref="SubjectAlternativeNameBuilder"/> goes through <see cref="Uri"/>, which may
    /// normalise the text (a trailing slash on <c>spiffe://td</c>); the SAN must be the SPIFFE ID byte for byte.
    /// </summary>
    public static X509Extension SubjectAlternativeName(string uri, IReadOnlyList<string> dnsNames)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteCharacterString(UniversalTagNumber.IA5String, uri, new Asn1Tag(TagClass.ContextSpecific, 6));
            foreach (var dnsName in dnsNames)
            {
                writer.WriteCharacterString(UniversalTagNumber.IA5String, dnsName, new Asn1Tag(TagClass.ContextSpecific, 2));
            }
        }

        return new X509Extension(SubjectAlternativeNameOid, writer.Encode(), critical: false);
    }
}
