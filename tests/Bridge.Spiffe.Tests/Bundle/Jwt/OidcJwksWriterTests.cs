using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Bridge.Spiffe.Bundle.Jwt;
using Bridge.Spiffe.Tests.TestSupport;

namespace Bridge.Spiffe.Tests.Bundle.Jwt;

public sealed class OidcJwksWriterTests
{
    [Fact]
    public void Write_EcKey_HasOidcMembersAndPublicParameters()
    {
        var json = OidcJwksWriter.Write([JwtAuthority.FromPublicKey("k1", TestKeys.P256)]);
        using var document = JsonDocument.Parse(json);
        var keys = document.RootElement.GetProperty("keys");
        var key = Assert.Single(keys.EnumerateArray().ToArray());
        var q = TestKeys.P256.ExportParameters(false).Q;
        Assert.Equal(
            ["kty", "use", "kid", "alg", "crv", "x", "y"],
            key.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.Equal("k1", key.GetProperty("kid").GetString());
        Assert.Equal("ES256", key.GetProperty("alg").GetString());
        Assert.Equal("P-256", key.GetProperty("crv").GetString());
        Assert.Equal(Base64Url.EncodeToString(q.X), key.GetProperty("x").GetString());
        Assert.Equal(Base64Url.EncodeToString(q.Y), key.GetProperty("y").GetString());
    }

    [Fact]
    public void Write_RsaKey_HasModulusAndExponent()
    {
        var json = OidcJwksWriter.Write([JwtAuthority.FromPublicKey("r", TestKeys.Rsa2048)]);
        using var document = JsonDocument.Parse(json);
        var key = document.RootElement.GetProperty("keys")[0];
        var p = TestKeys.Rsa2048.ExportParameters(false);
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal("RS256", key.GetProperty("alg").GetString());
        Assert.Equal(Base64Url.EncodeToString(p.Modulus), key.GetProperty("n").GetString());
        Assert.Equal("AQAB", key.GetProperty("e").GetString());
        Assert.False(key.TryGetProperty("x5c", out _));
    }

    [Fact]
    public void Write_EveryKeyUsesAnAlgorithmAwsAccepts()
    {
        string[] awsAccepted = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"];
        var json = OidcJwksWriter.Write([
            JwtAuthority.FromPublicKey("a", TestKeys.P256),
            JwtAuthority.FromPublicKey("b", TestKeys.P384),
            JwtAuthority.FromPublicKey("c", TestKeys.P521),
            JwtAuthority.FromPublicKey("d", TestKeys.Rsa2048),
        ]);
        using var document = JsonDocument.Parse(json);
        var keys = document.RootElement.GetProperty("keys").EnumerateArray().ToArray();
        Assert.Equal(["a", "b", "c", "d"], keys.Select(k => k.GetProperty("kid").GetString()!).ToArray());
        Assert.All(keys, k => Assert.Contains(k.GetProperty("alg").GetString(), awsAccepted));
        Assert.All(keys, k => Assert.False(k.TryGetProperty("d", out _)));
    }

    [Fact]
    public void Write_ParametersRebuildTheSameKey()
    {
        var json = OidcJwksWriter.Write([JwtAuthority.FromPublicKey("c", TestKeys.P521)]);
        using var document = JsonDocument.Parse(json);
        var key = document.RootElement.GetProperty("keys")[0];
        using var rebuilt = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP521,
            Q = new ECPoint
            {
                X = Base64Url.DecodeFromChars(key.GetProperty("x").GetString()),
                Y = Base64Url.DecodeFromChars(key.GetProperty("y").GetString()),
            },
        });
        Assert.Equal(TestKeys.P521.ExportSubjectPublicKeyInfo(), rebuilt.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void Write_NoKeys_WritesEmptyArray() => Assert.Equal("""{"keys":[]}""", OidcJwksWriter.Write([]));

    [Fact]
    public void Write_DuplicateKeyId_Throws() =>
        Assert.Throws<ArgumentException>(() => OidcJwksWriter.Write([
            JwtAuthority.FromPublicKey("a", TestKeys.P256),
            JwtAuthority.FromPublicKey("a", TestKeys.P384),
        ]));
}
