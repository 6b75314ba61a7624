using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions.Upstream;
using Xunit;

namespace Bridge.Testing.Conformance;

/// <summary>
/// What every <see cref="IUpstreamAuthority"/> must do: certify the CSR's key (and only it) as a CA that can sign
/// leaves, chained to the roots it returns, within the requested lifetime. A backend's test project subclasses this.
/// </summary>
public abstract class UpstreamAuthorityConformanceTests
{
    /// <summary>Key types Bridge's CA may have.</summary>
    public static TheoryData<string> CaKeyTypes => ["P256", "P384", "RSA2048"];

    /// <summary>The clock the authority uses; chains are validated at its current time.</summary>
    protected virtual TimeProvider TimeProvider => TimeProvider.System;

    /// <summary>A lifetime shorter than anything the backend caps to; the minted certificate must honour it.</summary>
    protected virtual TimeSpan ShortTtl => TimeSpan.FromHours(1);

    /// <summary>Creates the authority under test.</summary>
    protected abstract Task<IUpstreamAuthority> CreateAuthorityAsync();

    [Theory]
    [MemberData(nameof(CaKeyTypes))]
    public async Task MintX509Ca_ValidCsr_ChainValidatesToReturnedRoots(string keyType)
    {
        using var key = CreateKey(keyType);
        var chain = await MintAsync(key, ShortTtl);

        Assert.NotEmpty(chain.CaChain);
        Assert.NotEmpty(chain.UpstreamRoots);
        using var x509Chain = new X509Chain();
        x509Chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        x509Chain.ChainPolicy.CustomTrustStore.AddRange(chain.UpstreamRoots.ToArray());
        x509Chain.ChainPolicy.ExtraStore.AddRange(chain.CaChain.Skip(1).ToArray());
        x509Chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        x509Chain.ChainPolicy.DisableCertificateDownloads = true;
        x509Chain.ChainPolicy.VerificationTime = TimeProvider.GetUtcNow().UtcDateTime;
        Assert.True(x509Chain.Build(chain.CaChain[0]), string.Join(", ", x509Chain.ChainStatus.Select(s => s.Status)));
        Assert.Contains(chain.UpstreamRoots, root => root.RawData.AsSpan().SequenceEqual(x509Chain.ChainElements[^1].Certificate.RawData));
    }

    [Theory]
    [MemberData(nameof(CaKeyTypes))]
    public async Task MintX509Ca_ValidCsr_CertifiesExactlyTheCsrKey(string keyType)
    {
        using var key = CreateKey(keyType);
        var chain = await MintAsync(key, ShortTtl);

        Assert.Equal(key.ExportSubjectPublicKeyInfo(), chain.CaChain[0].PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task MintX509Ca_ValidCsr_IsCriticalCaWithKeyCertSign()
    {
        using var key = CreateKey("P256");
        var ca = (await MintAsync(key, ShortTtl)).CaChain[0];

        var basicConstraints = Assert.Single(ca.Extensions.OfType<X509BasicConstraintsExtension>());
        Assert.True(basicConstraints.Critical);
        Assert.True(basicConstraints.CertificateAuthority);
        var keyUsage = Assert.Single(ca.Extensions.OfType<X509KeyUsageExtension>());
        Assert.True(keyUsage.Critical);
        Assert.True(keyUsage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign));
    }

    [Fact]
    public async Task MintX509Ca_ShortTtl_IsHonoured()
    {
        using var key = CreateKey("P256");
        var before = TimeProvider.GetUtcNow();
        var ca = (await MintAsync(key, ShortTtl)).CaChain[0];

        var notAfter = new DateTimeOffset(ca.NotAfter.ToUniversalTime());
        Assert.True(notAfter <= TimeProvider.GetUtcNow() + ShortTtl, $"NotAfter {notAfter:O} exceeds the requested lifetime.");
        Assert.True(notAfter > before + (ShortTtl / 2), $"NotAfter {notAfter:O} is far shorter than requested.");
    }

    [Fact]
    public async Task MintX509Ca_VeryLongTtl_IsCappedByTheRoots()
    {
        using var key = CreateKey("P256");
        var chain = await MintAsync(key, TimeSpan.FromDays(365 * 200));

        var rootNotAfter = chain.UpstreamRoots.Max(root => root.NotAfter.ToUniversalTime());
        Assert.True(chain.CaChain[0].NotAfter.ToUniversalTime() <= rootNotAfter);
    }

    [Fact]
    public async Task MintX509Ca_Twice_GivesDistinctPositiveSerialNumbers()
    {
        using var first = CreateKey("P256");
        using var second = CreateKey("P256");
        var a = (await MintAsync(first, ShortTtl)).CaChain[0];
        var b = (await MintAsync(second, ShortTtl)).CaChain[0];

        Assert.NotEqual(a.SerialNumber, b.SerialNumber);
        Assert.True((a.SerialNumberBytes.Span[0] & 0x80) == 0, "Serial numbers must be positive.");
        Assert.True((b.SerialNumberBytes.Span[0] & 0x80) == 0, "Serial numbers must be positive.");
    }

    [Fact]
    public async Task MintX509Ca_ReturnsCaRoots()
    {
        using var key = CreateKey("P256");
        var chain = await MintAsync(key, ShortTtl);

        Assert.All(chain.UpstreamRoots, root =>
            Assert.Contains(root.Extensions.OfType<X509BasicConstraintsExtension>(), bc => bc.CertificateAuthority));
    }

    /// <summary>Builds a DER PKCS#10 request for <paramref name="key"/> (SHA-256, or SHA-384 for P-384).</summary>
    protected static byte[] CreateCsr(AsymmetricAlgorithm key)
    {
        var subject = new X500DistinguishedName("C=US, O=SPIFFE, SERIALNUMBER=1234");
        var request = key switch
        {
            ECDsa ec => new CertificateRequest(subject, ec, ec.KeySize == 384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256),
            RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException("Unsupported key.", nameof(key)),
        };
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        return request.CreateSigningRequest();
    }

    private static AsymmetricAlgorithm CreateKey(string keyType) => keyType switch
    {
        "P256" => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        "P384" => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        "RSA2048" => RSA.Create(2048),
        _ => throw new ArgumentOutOfRangeException(nameof(keyType), keyType, null),
    };

    private async Task<UpstreamCaChain> MintAsync(AsymmetricAlgorithm key, TimeSpan ttl)
    {
        var authority = await CreateAuthorityAsync();
        return await authority.MintX509CaAsync(CreateCsr(key), ttl, TestContext.Current.CancellationToken);
    }
}
