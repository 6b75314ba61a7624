using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;

namespace Bridge.Client.Tests.TestSupport.WorkloadApi;

/// <summary>A test CA for one trust domain that issues real X.509-SVIDs as a Workload API agent hands them out.</summary>
public sealed class TestSvidAuthority : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private long _serial;

    public TestSvidAuthority(string trustDomain, DateTimeOffset now)
    {
        TrustDomain = trustDomain;
        Now = now;
        var request = new CertificateRequest("CN=" + trustDomain + " test root", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Root = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
    }

    public string TrustDomain { get; }

    public DateTimeOffset Now { get; }

    public X509Certificate2 Root { get; }

    public ByteString BundleDer => ByteString.CopyFrom(Root.RawData);

    /// <summary>A leaf for <paramref name="spiffeId"/> (valid an hour from <see cref="Now"/>) and its PKCS#8 key.</summary>
    public IssuedSvid Issue(string spiffeId, TimeSpan? lifetime = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(string.Empty, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(spiffeId));
        request.CertificateExtensions.Add(san.Build(critical: true));
        var serial = BitConverter.GetBytes(Interlocked.Increment(ref _serial) + 1000);
        using var leaf = request.Create(Root.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), Now.AddMinutes(-5), Now + (lifetime ?? TimeSpan.FromHours(1)), serial);
        return new IssuedSvid(spiffeId, leaf.RawData, key.ExportPkcs8PrivateKey());
    }

    /// <summary>The <c>X509SVID</c> message for <paramref name="svid"/>, with this authority's bundle.</summary>
    public X509SVID Message(IssuedSvid svid, string hint = "") => new()
    {
        SpiffeId = svid.SpiffeId,
        X509Svid = ByteString.CopyFrom(svid.ChainDer),
        X509SvidKey = ByteString.CopyFrom(svid.KeyPkcs8),
        Bundle = BundleDer,
        Hint = hint,
    };

    /// <summary>A one-SVID response.</summary>
    public X509SVIDResponse Response(IssuedSvid svid) => new() { Svids = { Message(svid) } };

    public void Dispose()
    {
        Root.Dispose();
        _key.Dispose();
    }
}

/// <summary>An issued SVID: the DER chain (leaf only) and its PKCS#8 private key.</summary>
public sealed record IssuedSvid(string SpiffeId, byte[] ChainDer, byte[] KeyPkcs8)
{
    public string Thumbprint => Convert.ToHexString(SHA1.HashData(ChainDer));
}
