using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.Authority.Tests.Ca;

/// <summary>Makes PKCS#10 requests for tests: honest ones through .NET, and hand-built hostile ones.</summary>
internal static class CsrFactory
{
    public static AsymmetricAlgorithm CreateKey(string keyType) => keyType switch
    {
        "P256" => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        "P384" => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        "P521" => ECDsa.Create(ECCurve.NamedCurves.nistP521),
        "RSA1024" => RSA.Create(1024),
        "RSA2048" => RSA.Create(2048),
        "RSA3072" => RSA.Create(3072),
        _ => throw new ArgumentOutOfRangeException(nameof(keyType), keyType, null),
    };

    /// <summary>A request for <paramref name="key"/> with the given subject and requested extensions.</summary>
    public static byte[] Create(AsymmetricAlgorithm key, string subject = "CN=workload", params X509Extension[] extensions)
    {
        var name = new X500DistinguishedName(subject);
        var request = key switch
        {
            ECDsa ec => new CertificateRequest(name, ec, ec.KeySize == 384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256),
            RSA rsa => new CertificateRequest(name, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException("Unsupported key.", nameof(key)),
        };
        foreach (var extension in extensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        return request.CreateSigningRequest();
    }

    /// <summary>A structurally valid request around any SubjectPublicKeyInfo, with an arbitrary signature.</summary>
    public static byte[] Handcrafted(ReadOnlySpan<byte> subjectPublicKeyInfo, string signatureAlgorithmOid, ReadOnlySpan<byte> signature)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteInteger(0);
                writer.WriteEncodedValue(new X500DistinguishedName("CN=hostile").RawData);
                writer.WriteEncodedValue(subjectPublicKeyInfo);
                using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                }
            }

            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(signatureAlgorithmOid);
            }

            writer.WriteBitString(signature);
        }

        return writer.Encode();
    }

    /// <summary>Re-signs the CertificationRequestInfo of <paramref name="csr"/> with RSA and a given hash algorithm OID.</summary>
    public static byte[] ResignRsa(byte[] csr, RSA key, HashAlgorithmName hash, string signatureAlgorithmOid)
    {
        var reader = new AsnReader(csr, AsnEncodingRules.DER).ReadSequence();
        var info = reader.ReadEncodedValue().ToArray();
        var signature = key.SignData(info, hash, RSASignaturePadding.Pkcs1);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(info);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(signatureAlgorithmOid);
                writer.WriteNull();
            }

            writer.WriteBitString(signature);
        }

        return writer.Encode();
    }
}
