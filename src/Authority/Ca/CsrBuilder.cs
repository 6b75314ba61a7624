using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions.Keys;

namespace Bridge.Authority.Ca;

/// <summary>Builds a PKCS#10 certification request (RFC 2986) signed through <see cref="IManagedKey.SignDigestAsync"/>.</summary>
internal static class CsrBuilder
{
    private const string ExtensionRequestOid = "1.2.840.113549.1.9.14";

    /// <summary>Creates a DER request for <paramref name="key"/>, asking for <paramref name="requestedExtensions"/>.</summary>
    public static async Task<byte[]> CreateAsync(
        X500DistinguishedName subject,
        IManagedKey key,
        IReadOnlyList<X509Extension> requestedExtensions,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(requestedExtensions);
        var algorithm = SignatureAlgorithm.For(key.KeyType);
        var info = EncodeCertificationRequestInfo(subject, key, requestedExtensions);
        var signature = await ManagedKeySigner.SignAsync(key, algorithm, info, verifySignature: true, cancellationToken).ConfigureAwait(false);

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(info);
            writer.WriteEncodedValue(algorithm.AlgorithmIdentifier.Span);
            writer.WriteBitString(signature);
        }

        return writer.Encode();
    }

    private static byte[] EncodeCertificationRequestInfo(
        X500DistinguishedName subject, IManagedKey key, IReadOnlyList<X509Extension> requestedExtensions)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            writer.WriteEncodedValue(subject.RawData);
            writer.WriteEncodedValue(X509Der.CanonicalSubjectPublicKeyInfo(key.SubjectPublicKeyInfo.Span));

            // attributes [0] IMPLICIT SET OF Attribute: required even when empty.
            using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                if (requestedExtensions.Count > 0)
                {
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(ExtensionRequestOid);
                        using (writer.PushSetOf())
                        using (writer.PushSequence())
                        {
                            foreach (var extension in requestedExtensions)
                            {
                                X509Der.WriteExtension(writer, extension);
                            }
                        }
                    }
                }
            }
        }

        return writer.Encode();
    }
}
