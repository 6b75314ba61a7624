using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions.Keys;

namespace Bridge.Authority.Ca;

/// <summary>
/// Builds an X.509 v3 certificate (RFC 5280 §4.1) and signs it through <see cref="IManagedKey.SignDigestAsync"/>.
/// .NET's <c>CertificateRequest.Create</c> needs a synchronous signature generator, which a remote (KMS) key cannot
/// be without blocking a thread, so the TBSCertificate is encoded here.
/// </summary>
internal static class CertificateSigner
{
    /// <summary>
    /// Signs a CA certificate (or any certificate made rarely) and loads it. The signature is checked against the
    /// signer's public key first, so a key manager that signs with the wrong key fails here, not at every relying party.
    /// </summary>
    public static async Task<X509Certificate2> SignAsync(
        CertificateTemplate template, X500DistinguishedName issuer, IManagedKey issuerKey, CancellationToken cancellationToken)
    {
        var signed = await SignDerAsync(template, issuer, issuerKey, verifySignature: true, cancellationToken).ConfigureAwait(false);
        return X509CertificateLoader.LoadCertificate(signed.Der);
    }

    /// <summary>
    /// Signs a certificate and returns its DER without loading it. Leaves take this path: loading a certificate and
    /// re-importing the issuer key to check each signature cost about 150 µs apiece on OpenSSL, several times the
    /// signature itself, and the CA key was already proven to match its certificate when the CA was minted.
    /// </summary>
    public static async Task<SignedCertificate> SignDerAsync(
        CertificateTemplate template, X500DistinguishedName issuer, IManagedKey issuerKey, bool verifySignature, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(issuerKey);
        var notBefore = X509Der.TruncateToSeconds(template.NotBefore);
        var notAfter = X509Der.TruncateToSeconds(template.NotAfter);
        if (notAfter <= notBefore)
        {
            throw new ArgumentException("The certificate would end before it starts.", nameof(template));
        }

        var algorithm = SignatureAlgorithm.For(issuerKey.KeyType);
        var serialNumber = X509Der.NewSerialNumber();
        var tbs = EncodeTbsCertificate(template, issuer, algorithm, serialNumber, notBefore, notAfter);
        var signature = await ManagedKeySigner.SignAsync(issuerKey, algorithm, tbs, verifySignature, cancellationToken).ConfigureAwait(false);

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(tbs);
            writer.WriteEncodedValue(algorithm.AlgorithmIdentifier.Span);
            writer.WriteBitString(signature);
        }

        return new SignedCertificate(writer.Encode(), Convert.ToHexString(serialNumber), notAfter);
    }

    private static byte[] EncodeTbsCertificate(
        CertificateTemplate template,
        X500DistinguishedName issuer,
        SignatureAlgorithm algorithm,
        byte[] serialNumber,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            // version [0] EXPLICIT Version: v3 (2), since the certificate has extensions.
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                writer.WriteInteger(2);
            }

            writer.WriteIntegerUnsigned(serialNumber);
            writer.WriteEncodedValue(algorithm.AlgorithmIdentifier.Span);
            writer.WriteEncodedValue(issuer.RawData);
            using (writer.PushSequence())
            {
                X509Der.WriteTime(writer, notBefore);
                X509Der.WriteTime(writer, notAfter);
            }

            writer.WriteEncodedValue(template.Subject.RawData);
            writer.WriteEncodedValue(X509Der.CanonicalSubjectPublicKeyInfo(template.SubjectPublicKeyInfo.Span));
            if (template.Extensions.Count > 0)
            {
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true)))
                using (writer.PushSequence())
                {
                    foreach (var extension in template.Extensions)
                    {
                        X509Der.WriteExtension(writer, extension);
                    }
                }
            }
        }

        return writer.Encode();
    }
}
