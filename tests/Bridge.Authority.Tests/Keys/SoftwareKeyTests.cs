using System.Security.Cryptography;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;

namespace Bridge.Authority.Tests.Keys;

public sealed class SoftwareKeyTests
{
    [Fact]
    public async Task SignDigestAsync_DigestLengthMismatch_Throws()
    {
        using var key = SoftwareKey.Generate("k", KeyType.EcP256);

        await Assert.ThrowsAsync<ArgumentException>(
            () => key.SignDigestAsync(new byte[SHA384.HashSizeInBytes], HashAlgorithmName.SHA256, CancellationToken.None));
    }

    [Fact]
    public void FromKey_OtherCurveOfSameSize_Throws()
    {
        using var brainpool = ECDsa.Create(ECCurve.NamedCurves.brainpoolP256r1);

        Assert.Throws<CryptographicException>(() => SoftwareKey.FromKey("k", KeyType.EcP256, brainpool));
    }

    [Fact]
    public void FromKey_WrongType_Throws()
    {
        using var rsa = RSA.Create(2048);

        Assert.Throws<CryptographicException>(() => SoftwareKey.FromKey("k", KeyType.Rsa3072, rsa));
    }

    [Fact]
    public void ImportPkcs8_ExportedKey_RoundTrips()
    {
        using var key = SoftwareKey.Generate("k", KeyType.EcP384);

        using var imported = SoftwareKey.ImportPkcs8("k", KeyType.EcP384, key.ExportPkcs8PrivateKey());

        Assert.Equal(key.SubjectPublicKeyInfo.ToArray(), imported.SubjectPublicKeyInfo.ToArray());
    }

    [Fact]
    public void ImportPkcs8_TrailingData_Throws()
    {
        using var key = SoftwareKey.Generate("k", KeyType.EcP256);
        byte[] padded = [.. key.ExportPkcs8PrivateKey(), 0];

        Assert.Throws<CryptographicException>(() => SoftwareKey.ImportPkcs8("k", KeyType.EcP256, padded));
    }
}
