using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.Authority.Tests.Ca;

/// <summary>Reads what tests assert on from certificates, independently of the code under test.</summary>
internal static class CertificateInspector
{
    public static (List<string> Uris, List<string> DnsNames) SubjectAlternativeNames(X509Certificate2 certificate)
    {
        var uris = new List<string>();
        var dnsNames = new List<string>();
        var extension = certificate.Extensions["2.5.29.17"];
        if (extension is null)
        {
            return (uris, dnsNames);
        }

        var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
        while (names.HasData)
        {
            var tag = names.PeekTag();
            if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 6)
            {
                uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, tag));
            }
            else if (tag.TagClass == TagClass.ContextSpecific && tag.TagValue == 2)
            {
                dnsNames.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, tag));
            }
            else
            {
                names.ReadEncodedValue();
            }
        }

        return (uris, dnsNames);
    }

    public static T Single<T>(X509Certificate2 certificate)
        where T : X509Extension => Assert.Single(certificate.Extensions.OfType<T>());

    public static byte[] AuthorityKeyIdentifier(X509Certificate2 certificate)
    {
        var aki = Single<X509AuthorityKeyIdentifierExtension>(certificate);
        return aki.KeyIdentifier!.Value.ToArray();
    }

    public static byte[] SubjectKeyIdentifier(X509Certificate2 certificate) =>
        Single<X509SubjectKeyIdentifierExtension>(certificate).SubjectKeyIdentifierBytes.ToArray();

    /// <summary>SHA-1 of the subjectPublicKey BIT STRING (RFC 5280 §4.2.1.2 method 1).</summary>
    public static byte[] ExpectedKeyIdentifier(X509Certificate2 certificate) =>
        SHA1.HashData(certificate.PublicKey.EncodedKeyValue.RawData);

    /// <summary>The tags of NotBefore and NotAfter.</summary>
    public static (Asn1Tag NotBefore, Asn1Tag NotAfter) ValidityTags(X509Certificate2 certificate)
    {
        var tbs = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence().ReadSequence();
        tbs.ReadEncodedValue(); // version
        tbs.ReadEncodedValue(); // serial
        tbs.ReadEncodedValue(); // signature algorithm
        tbs.ReadEncodedValue(); // issuer
        var validity = tbs.ReadSequence();
        var notBefore = validity.PeekTag();
        validity.ReadEncodedValue();
        return (notBefore, validity.PeekTag());
    }

    /// <summary>The certificate's signatureAlgorithm AlgorithmIdentifier, DER.</summary>
    public static byte[] SignatureAlgorithmIdentifier(X509Certificate2 certificate)
    {
        var cert = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
        cert.ReadEncodedValue();
        return cert.ReadEncodedValue().ToArray();
    }

    /// <summary>Checks the certificate's signature with <paramref name="issuer"/>'s key, without chain building.</summary>
    public static bool IsSignedBy(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        var cert = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
        var tbs = cert.ReadEncodedValue().ToArray();
        var algorithm = cert.ReadSequence().ReadObjectIdentifier();
        var signature = cert.ReadBitString(out _);
        return algorithm switch
        {
            "1.2.840.10045.4.3.2" => issuer.GetECDsaPublicKey()!.VerifyData(tbs, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence),
            "1.2.840.10045.4.3.3" => issuer.GetECDsaPublicKey()!.VerifyData(tbs, signature, HashAlgorithmName.SHA384, DSASignatureFormat.Rfc3279DerSequence),
            "1.2.840.113549.1.1.11" => issuer.GetRSAPublicKey()!.VerifyData(tbs, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => false,
        };
    }

    /// <summary>Builds a chain with only <paramref name="roots"/> trusted, at <paramref name="at"/>.</summary>
    public static (bool Valid, string Status) BuildChain(
        X509Certificate2 leaf, IEnumerable<X509Certificate2> intermediates, IEnumerable<X509Certificate2> roots, DateTimeOffset at)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots.ToArray());
        chain.ChainPolicy.ExtraStore.AddRange(intermediates.ToArray());
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        var valid = chain.Build(leaf);
        return (valid, string.Join(", ", chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation}")));
    }

    /// <summary>The attribute types of a name in DER order (most significant first), with their values.</summary>
    public static List<string> NameInDerOrder(X500DistinguishedName name) =>
        [.. name.EnumerateRelativeDistinguishedNames(reversed: false)
            .Select(rdn => $"{rdn.GetSingleElementType().Value}={rdn.GetSingleElementValue()}")];

    public static DateTimeOffset NotBefore(X509Certificate2 certificate) => new(certificate.NotBefore.ToUniversalTime());

    public static DateTimeOffset NotAfter(X509Certificate2 certificate) => new(certificate.NotAfter.ToUniversalTime());
}
