using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.Spiffe.Tests.TestSupport;

/// <summary>What a test leaf certificate carries; every field can be bent to break one X.509-SVID rule.</summary>
internal sealed record LeafSpec
{
    public IReadOnlyList<string> Uris { get; init; } = ["spiffe://example.org/workload"];

    public bool IsCa { get; init; }

    /// <summary>Null leaves the KeyUsage extension out.</summary>
    public X509KeyUsageFlags? KeyUsage { get; init; } = X509KeyUsageFlags.DigitalSignature;

    public IReadOnlyList<X509Extension> ExtraExtensions { get; init; } = [];

    /// <summary>Raw SAN extension value replacing the one built from <see cref="Uris"/>.</summary>
    public byte[]? RawSubjectAltName { get; init; }

    public DateTimeOffset NotBefore { get; init; } = TestCertificates.Now.AddHours(-1);

    public DateTimeOffset NotAfter { get; init; } = TestCertificates.Now.AddHours(1);
}

/// <summary>Builds real certificate hierarchies in-test with <see cref="CertificateRequest"/>.</summary>
internal static class TestCertificates
{
    public static readonly DateTimeOffset Now = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static long _serial = 1;

    /// <summary>A self-signed CA with its private key, valid from a year before to a year after <see cref="Now"/>.</summary>
    public static X509Certificate2 CreateRoot(string commonName, AsymmetricAlgorithm? key = null, string? spiffeId = null)
    {
        key ??= ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = CreateRequest(commonName, key);
        AddCaExtensions(request, spiffeId);
        return request.CreateSelfSigned(Now.AddYears(-1), Now.AddYears(1));
    }

    /// <summary>An intermediate CA signed by <paramref name="issuer"/>, returned with its private key.</summary>
    public static X509Certificate2 CreateIntermediate(X509Certificate2 issuer, string commonName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = CreateRequest(commonName, key);
        AddCaExtensions(request, spiffeId: null);
        using var certificate = request.Create(issuer, Now.AddDays(-30), Now.AddDays(30), NextSerial());
        return certificate.CopyWithPrivateKey(key);
    }

    /// <summary>A leaf signed by <paramref name="issuer"/> (without private key).</summary>
    public static X509Certificate2 CreateLeaf(X509Certificate2 issuer, LeafSpec? spec = null)
    {
        spec ??= new LeafSpec();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(string.Empty, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(spec.IsCa, false, 0, true));
        if (spec.KeyUsage is { } usage)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        }

        foreach (var extension in spec.ExtraExtensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        // An empty subject requires a critical SAN (RFC 5280 §4.1.2.6).
        request.CertificateExtensions.Add(new X509Extension("2.5.29.17", spec.RawSubjectAltName ?? EncodeSubjectAltName(spec.Uris), critical: true));

        // The generator overload skips .NET's "child must not outlive issuer" check, so tests can build such chains.
        using var issuerKey = issuer.GetECDsaPrivateKey()!;
        return request.Create(
            issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), spec.NotBefore, spec.NotAfter, NextSerial());
    }

    /// <summary>
    /// GeneralNames with the URIs exactly as given (<see cref="Uri"/> would normalize "spiffe://td" to "spiffe://td/"),
    /// plus a DNS name so that a SAN extension exists even without URIs.
    /// </summary>
    public static byte[] EncodeSubjectAltName(IEnumerable<string> uris)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteCharacterString(UniversalTagNumber.IA5String, "workload.example.org", new Asn1Tag(TagClass.ContextSpecific, 2));
            foreach (var uri in uris)
            {
                writer.WriteCharacterString(UniversalTagNumber.IA5String, uri, new Asn1Tag(TagClass.ContextSpecific, 6));
            }
        }

        return writer.Encode();
    }

    private static CertificateRequest CreateRequest(string commonName, AsymmetricAlgorithm key) => key switch
    {
        ECDsa ec => new CertificateRequest("CN=" + commonName, ec, HashAlgorithmName.SHA256),
        RSA rsa => new CertificateRequest("CN=" + commonName, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        _ => throw new ArgumentException("Unsupported key.", nameof(key)),
    };

    private static void AddCaExtensions(CertificateRequest request, string? spiffeId)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (spiffeId is not null)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddUri(new Uri(spiffeId));
            request.CertificateExtensions.Add(san.Build());
        }
    }

    private static byte[] NextSerial() => BitConverter.GetBytes(Interlocked.Increment(ref _serial));
}
