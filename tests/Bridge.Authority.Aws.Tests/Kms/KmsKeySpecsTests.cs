using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Aws.Kms;
using Bridge.Authority.Keys;

namespace Bridge.Authority.Aws.Tests.Kms;

public sealed class KmsKeySpecsTests
{
    [Theory]
    [InlineData(KeyType.EcP256, "ECC_NIST_P256")]
    [InlineData(KeyType.EcP384, "ECC_NIST_P384")]
    [InlineData(KeyType.Rsa2048, "RSA_2048")]
    [InlineData(KeyType.Rsa3072, "RSA_3072")]
    [InlineData(KeyType.Rsa4096, "RSA_4096")]
    public void ToKeySpec_EachKeyType_RoundTrips(KeyType keyType, string keySpec)
    {
        Assert.Equal(keySpec, KmsKeySpecs.ToKeySpec(keyType).Value);
        Assert.Equal(keyType, KmsKeySpecs.FromKeySpec(keySpec));
    }

    [Theory]
    [InlineData("SYMMETRIC_DEFAULT")]
    [InlineData("ECC_SECG_P256K1")]
    [InlineData("ECC_NIST_P521")]
    [InlineData("SM2")]
    [InlineData("HMAC_256")]
    [InlineData(null)]
    public void FromKeySpec_SpecBridgeDoesNotSignWith_ReturnsNull(string? keySpec) =>
        Assert.Null(KmsKeySpecs.FromKeySpec(keySpec));

    [Fact]
    public void ToKeySpec_UnknownKeyType_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => KmsKeySpecs.ToKeySpec((KeyType)99));

    [Theory]
    [InlineData(KeyType.Rsa2048, "SHA256", "RSASSA_PKCS1_V1_5_SHA_256")]
    [InlineData(KeyType.Rsa3072, "SHA384", "RSASSA_PKCS1_V1_5_SHA_384")]
    [InlineData(KeyType.Rsa4096, "SHA512", "RSASSA_PKCS1_V1_5_SHA_512")]
    [InlineData(KeyType.EcP256, "SHA256", "ECDSA_SHA_256")]
    [InlineData(KeyType.EcP384, "SHA384", "ECDSA_SHA_384")]
    public void SigningInput_MatchingDigest_SendsItUnchanged(KeyType keyType, string hashName, string algorithm)
    {
        var hash = new HashAlgorithmName(hashName);
        var digest = CryptographicOperations.HashData(hash, "data"u8.ToArray());

        var (spec, message) = KmsKeySpecs.SigningInput(keyType, digest, hash);

        Assert.Equal(algorithm, spec.Value);
        Assert.Equal(digest, message);
    }

    [Fact]
    public void SigningInput_P256WithLongerDigest_SendsItsLeftmost32Bytes()
    {
        var digest = SHA512.HashData("data"u8);

        var (spec, message) = KmsKeySpecs.SigningInput(KeyType.EcP256, digest, HashAlgorithmName.SHA512);

        Assert.Equal(SigningAlgorithmSpec.ECDSA_SHA_256.Value, spec.Value);
        Assert.Equal(digest[..32], message);
    }

    [Fact]
    public void SigningInput_P384WithShorterDigest_LeftPadsWithZeros()
    {
        var digest = SHA256.HashData("data"u8);

        var (spec, message) = KmsKeySpecs.SigningInput(KeyType.EcP384, digest, HashAlgorithmName.SHA256);

        Assert.Equal(SigningAlgorithmSpec.ECDSA_SHA_384.Value, spec.Value);
        Assert.Equal(48, message.Length);
        Assert.All(message[..16], b => Assert.Equal(0, b));
        Assert.Equal(digest, message[16..]);
    }

    [Fact]
    public void SigningInput_FittedDigest_SignatureVerifiesOverTheOriginalDigest()
    {
        // The fitting is only sound if a signature over the fitted message verifies over the caller's digest.
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var digest = SHA256.HashData("data"u8);
        var (_, message) = KmsKeySpecs.SigningInput(KeyType.EcP384, digest, HashAlgorithmName.SHA256);

        var signature = p384.SignHash(message);

        Assert.True(p384.VerifyHash(digest, signature));
    }

    [Theory]
    [InlineData("SHA256", 31)]
    [InlineData("SHA384", 32)]
    [InlineData("MD5", 16)]
    [InlineData("SHA1", 20)]
    public void SigningInput_WrongLengthOrHash_Throws(string hashName, int length) =>
        Assert.Throws<ArgumentException>(() => KmsKeySpecs.SigningInput(KeyType.EcP256, new byte[length], new HashAlgorithmName(hashName)));

    [Fact]
    public void PublicKeyTypesOf_TrailingBytesOrGarbage_ReturnsNull()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spki = ec.ExportSubjectPublicKeyInfo();

        Assert.Equal(KeyType.EcP256, PublicKeyTypes.Of(spki));
        Assert.Null(PublicKeyTypes.Of([.. spki, 0]));
        Assert.Null(PublicKeyTypes.Of([1, 2, 3]));
    }
}
