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
    /// <summary>Issues a certificate for <paramref name="template"/>, signed by <paramref name="issuerKey"/>.</summary>
    /// <param name="template">Subject, key, validity and extensions.</param>
    /// <param name="issuer">The issuer name: the signing certificate's subject (or the subject itself when self-signed).</param>
    /// <param name="issuerKey">The key that signs.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public static async Task<X509Certificate2> SignAsync(
        CertificateTemplate template, X500DistinguishedName issuer, IManagedKey issuerKey, CancellationToken cancellationToken)
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
        var tbs = EncodeTbsCertificate(template, issuer, algorithm, notBefore, notAfter);
        var signature = await ManagedKeySigner.SignAsync(issuerKey, algorithm, tbs, cancellationToken).ConfigureAwait(false);

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(tbs);
            writer.WriteEncodedValue(algorithm.AlgorithmIdentifier.Span);
            writer.WriteBitString(signature);
        }

        return X509CertificateLoader.LoadCertificate(writer.Encode());
    }

    private static byte[] EncodeTbsCertificate(
        CertificateTemplate template,
        X500DistinguishedName issuer,
        SignatureAlgorithm algorithm,
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

            writer.WriteIntegerUnsigned(X509Der.NewSerialNumber());
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
