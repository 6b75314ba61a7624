using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.Testing.Aws.AcmPca;

/// <summary>The fake's CA: a real self-signed root and, optionally, the PCA CA as its subordinate, with real keys.</summary>
internal sealed class FakeAcmPcaHierarchy : IDisposable
{
    private readonly AsymmetricAlgorithm _rootKey;

    private FakeAcmPcaHierarchy(string keyAlgorithm, AsymmetricAlgorithm rootKey, X509Certificate2 root, AsymmetricAlgorithm caKey, X509Certificate2 ca)
    {
        KeyAlgorithm = keyAlgorithm;
        _rootKey = rootKey;
        Root = root;
        CaKey = caKey;
        Ca = ca;
    }

    public string KeyAlgorithm { get; }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Ca { get; }

    public AsymmetricAlgorithm CaKey { get; }

    public bool IsSubordinate => !ReferenceEquals(Root, Ca);

    /// <summary>The signing algorithm PCA would configure for the CA's key.</summary>
    public string DefaultSigningAlgorithm => KeyAlgorithm switch
    {
        "EC_secp384r1" => "SHA384WITHECDSA",
        "RSA_2048" => "SHA256WITHRSA",
        _ => "SHA256WITHECDSA",
    };

    public static FakeAcmPcaHierarchy Create(string keyAlgorithm, bool subordinate, DateTimeOffset now)
    {
        var rootKey = NewKey(keyAlgorithm);
        var root = NewRequest("CN=Fake PCA Root, O=Bridge Tests", rootKey, pathLength: null).CreateSelfSigned(now.AddDays(-1), now.AddYears(10));
        if (!subordinate)
        {
            return new FakeAcmPcaHierarchy(keyAlgorithm, rootKey, root, rootKey, root);
        }

        var caKey = NewKey(keyAlgorithm);
        var request = NewRequest("CN=Fake PCA Subordinate, O=Bridge Tests", caKey, pathLength: 1);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var ca = request.Create(root, now.AddDays(-1), now.AddYears(5), NewSerialNumber());
        return new FakeAcmPcaHierarchy(keyAlgorithm, rootKey, root, caKey, X509CertificateLoader.LoadCertificate(ca.RawData));
    }

    /// <summary>A positive 16-byte serial number, as PCA issues.</summary>
    public static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }

    /// <summary>A signature generator for the PCA CA's key.</summary>
    public X509SignatureGenerator Generator() => CaKey switch
    {
        ECDsa ec => X509SignatureGenerator.CreateForECDsa(ec),
        RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
        _ => throw new InvalidOperationException("Unsupported CA key."),
    };

    public void Dispose()
    {
        if (!ReferenceEquals(CaKey, _rootKey))
        {
            CaKey.Dispose();
        }

        _rootKey.Dispose();
    }

    private static AsymmetricAlgorithm NewKey(string keyAlgorithm) => keyAlgorithm switch
    {
        "EC_prime256v1" => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        "EC_secp384r1" => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        "RSA_2048" => RSA.Create(2048),
        _ => throw new ArgumentOutOfRangeException(nameof(keyAlgorithm), keyAlgorithm, "The fake supports EC_prime256v1, EC_secp384r1 and RSA_2048."),
    };

    private static CertificateRequest NewRequest(string subject, AsymmetricAlgorithm key, int? pathLength)
    {
        var request = key switch
        {
            ECDsa ec => new CertificateRequest(subject, ec, ec.KeySize == 384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256),
            RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException("Unsupported key.", nameof(key)),
        };
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, pathLength is not null, pathLength ?? 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }
}
