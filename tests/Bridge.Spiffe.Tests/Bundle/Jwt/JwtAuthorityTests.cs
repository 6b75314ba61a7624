using System.Security.Cryptography;
using Bridge.Spiffe.Bundle.Jwt;
using Bridge.Spiffe.Tests.TestSupport;

namespace Bridge.Spiffe.Tests.Bundle.Jwt;

public sealed class JwtAuthorityTests
{
    public static TheoryData<string, string> KeysAndAlgorithms => new()
    {
        { "P-256", "ES256" },
        { "P-384", "ES384" },
        { "P-521", "ES512" },
        { "RSA-2048", "RS256" },
    };

    [Theory]
    [MemberData(nameof(KeysAndAlgorithms))]
    public void Algorithm_NamesTheJwsAlgorithmForTheKey(string keyName, string expected)
    {
        var authority = JwtAuthority.FromPublicKey("k", KeyNamed(keyName));
        Assert.Equal(expected, authority.Algorithm);
        Assert.Equal(keyName.StartsWith("RSA", StringComparison.Ordinal), authority.IsRsa);
    }

    [Fact]
    public void CreateECDsa_ReturnsKeyThatVerifiesTheOriginalsSignatures()
    {
        var authority = JwtAuthority.FromPublicKey("k", TestKeys.P384);
        var data = "hello"u8.ToArray();
        var signature = TestKeys.P384.SignData(data, HashAlgorithmName.SHA384);
        using var publicKey = authority.CreateECDsa();
        Assert.True(publicKey.VerifyData(data, signature, HashAlgorithmName.SHA384));
        Assert.Throws<InvalidOperationException>(() => authority.CreateRsa());
    }

    [Fact]
    public void CreateRsa_ReturnsKeyThatVerifiesTheOriginalsSignatures()
    {
        var authority = JwtAuthority.FromPublicKey("k", TestKeys.Rsa2048);
        var data = "hello"u8.ToArray();
        var signature = TestKeys.Rsa2048.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var publicKey = authority.CreateRsa();
        Assert.True(publicKey.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Throws<InvalidOperationException>(() => authority.CreateECDsa());
    }

    [Fact]
    public void FromPublicKey_KeepsOnlyThePublicKey()
    {
        var authority = JwtAuthority.FromPublicKey("k", TestKeys.P256);
        Assert.Equal(TestKeys.P256.ExportSubjectPublicKeyInfo(), authority.SubjectPublicKeyInfo);
    }

    [Fact]
    public void Constructor_RsaKeyUnder2048Bits_Throws() =>
        Assert.Throws<ArgumentException>(() => JwtAuthority.FromPublicKey("k", TestKeys.Rsa1024));

    [Fact]
    public void Constructor_UnsupportedCurve_Throws()
    {
        using var brainpool = ECDsa.Create(ECCurve.NamedCurves.brainpoolP256r1);
        Assert.Throws<ArgumentException>(() => JwtAuthority.FromPublicKey("k", brainpool));
    }

    [Fact]
    public void Constructor_GarbageBytes_Throws() =>
        Assert.Throws<ArgumentException>(() => new JwtAuthority("k", [0x30, 0x03, 0x01, 0x02, 0x03]));

    [Fact]
    public void Constructor_TrailingBytes_Throws() =>
        Assert.Throws<ArgumentException>(() => new JwtAuthority("k", [.. TestKeys.P256.ExportSubjectPublicKeyInfo(), 0]));

    [Fact]
    public void Constructor_EmptyKeyId_Throws() =>
        Assert.Throws<ArgumentException>(() => JwtAuthority.FromPublicKey("", TestKeys.P256));

    [Fact]
    public void Constructor_CopiesTheKeyBytes()
    {
        var spki = TestKeys.P256.ExportSubjectPublicKeyInfo();
        var authority = new JwtAuthority("k", spki);
        spki[^1] ^= 0xFF;
        Assert.NotEqual(spki, authority.SubjectPublicKeyInfo);
    }

    [Fact]
    public void Equality_ComparesKeyIdAndKeyBytes()
    {
        var a = JwtAuthority.FromPublicKey("k", TestKeys.P256);
        var b = new JwtAuthority("k", TestKeys.P256.ExportSubjectPublicKeyInfo());
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, JwtAuthority.FromPublicKey("other", TestKeys.P256));
        Assert.NotEqual(a, JwtAuthority.FromPublicKey("k", TestKeys.P256Other));
    }

    internal static AsymmetricAlgorithm KeyNamed(string name) => name switch
    {
        "P-256" => TestKeys.P256,
        "P-384" => TestKeys.P384,
        "P-521" => TestKeys.P521,
        _ => TestKeys.Rsa2048,
    };
}
