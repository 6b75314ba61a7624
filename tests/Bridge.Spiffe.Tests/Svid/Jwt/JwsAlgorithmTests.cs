using System.Security.Cryptography;
using Bridge.Spiffe.Svid.Jwt;

namespace Bridge.Spiffe.Tests.Svid.Jwt;

/// <summary>The one JWS definition: a signature verifies only with a key of the algorithm's type and size.</summary>
public sealed class JwsAlgorithmTests
{
    private static readonly byte[] Data = "header.payload"u8.ToArray();

    [Theory]
    [InlineData("ES256")]
    [InlineData("ES384")]
    [InlineData("ES512")]
    public void Verify_EcdsaSignatureByTheMatchingCurve_Verifies_AndNoOtherCurveOrTamperDoes(string name)
    {
        var algorithm = JwsAlgorithm.Find(name)!;
        using var key = ECDsa.Create(algorithm.EcFieldSize switch { 32 => ECCurve.NamedCurves.nistP256, 48 => ECCurve.NamedCurves.nistP384, _ => ECCurve.NamedCurves.nistP521 });
        var signature = key.SignData(Data, algorithm.Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var spki = key.ExportSubjectPublicKeyInfo();

        Assert.True(algorithm.IsEcdsa);
        Assert.Equal(2 * algorithm.EcFieldSize, signature.Length);
        Assert.True(algorithm.Verify(spki, Data, signature));
        Assert.False(algorithm.Verify(spki, "header.payloaD"u8, signature));
        Assert.False(algorithm.Verify(spki, Data, key.SignData(Data, algorithm.Hash, DSASignatureFormat.Rfc3279DerSequence)));
        foreach (var other in new[] { JwsAlgorithm.ES256, JwsAlgorithm.ES384, JwsAlgorithm.ES512, JwsAlgorithm.RS256 }.Where(a => a != algorithm))
        {
            Assert.False(other.Verify(spki, Data, signature));
        }
    }

    [Theory]
    [InlineData("RS256")]
    [InlineData("RS384")]
    [InlineData("RS512")]
    [InlineData("PS256")]
    [InlineData("PS384")]
    [InlineData("PS512")]
    public void Verify_RsaSignature_VerifiesOnlyWithItsPadding_AndNeverWithAnEcAlgorithm(string name)
    {
        var algorithm = JwsAlgorithm.Find(name)!;
        using var key = RSA.Create(2048);
        var padding = name.StartsWith('P') ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        var signature = key.SignData(Data, algorithm.Hash, padding);
        var spki = key.ExportSubjectPublicKeyInfo();

        Assert.False(algorithm.IsEcdsa);
        Assert.True(algorithm.Verify(spki, Data, signature));
        Assert.False(JwsAlgorithm.Find((name[0] == 'P' ? "RS" : "PS") + name[2..])!.Verify(spki, Data, signature));
        Assert.False(JwsAlgorithm.ES256.Verify(spki, Data, signature));
    }

    [Fact]
    public void Verify_RsaKeyUnder2048Bits_IsRefused()
    {
        using var key = RSA.Create(1024);
        var signature = key.SignData(Data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        Assert.False(JwsAlgorithm.RS256.Verify(key.ExportSubjectPublicKeyInfo(), Data, signature));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("es256")]
    [InlineData("")]
    public void Find_AnythingButTheSpecsAlgorithms_IsNull(string name)
    {
        Assert.Null(JwsAlgorithm.Find(name));
    }

    [Fact]
    public void Verify_MalformedKey_IsFalse()
    {
        Assert.False(JwsAlgorithm.ES256.Verify([0x30, 0x03, 0x02, 0x01, 0x00], Data, new byte[64]));
    }
}
