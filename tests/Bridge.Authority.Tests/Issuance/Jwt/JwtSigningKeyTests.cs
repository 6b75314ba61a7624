using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Keys;
using Microsoft.IdentityModel.Tokens;
using static Bridge.Authority.Tests.Issuance.Jwt.JwtTestSupport;

namespace Bridge.Authority.Tests.Issuance.Jwt;

public sealed class JwtSigningKeyTests
{
    [Theory]
    [InlineData(KeyType.EcP256, "ES256")]
    [InlineData(KeyType.EcP384, "ES384")]
    [InlineData(KeyType.Rsa2048, "RS256")]
    public async Task WriteJwk_ParsedByIndependentLibrary_ValidatesIssuedToken(KeyType keyType, string algorithm)
    {
        var clock = NewClock();
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), clock, keyType);
        var published = Assert.Single(await issuer.GetPublishedKeysAsync(CancellationToken.None));
        var issued = await issuer.IssueAsync(Subject, ["reports"], TimeSpan.FromMinutes(5), CancellationToken.None);

        var jwk = new JsonWebKey(WriteJwk(published, use: null));

        Assert.Equal(published.KeyId, jwk.Kid);
        Assert.Equal(algorithm, jwk.Alg);
        Assert.Equal(published.KeyId, Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint()));
        var result = await ValidateAsync(issued.Token, jwk, algorithm, "reports", clock);
        Assert.True(result.IsValid, result.Exception?.Message);
    }

    [Fact]
    public async Task WriteJwk_WithUse_WritesUseLast()
    {
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), NewClock());
        var published = Assert.Single(await issuer.GetPublishedKeysAsync(CancellationToken.None));

        var json = WriteJwk(published, use: "jwt-svid");

        var names = JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name);
        Assert.Equal(["kty", "crv", "x", "y", "kid", "alg", "use"], names);
        Assert.DoesNotContain("\"use\"", WriteJwk(published, use: null), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteJwk_KeyNotSuitingAlgorithm_Throws()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var mismatched = new JwtSigningKey("kid", "ES256", ec.ExportSubjectPublicKeyInfo());

        Assert.Throws<CryptographicException>(() => WriteJwk(mismatched, use: null));
    }

    [Fact]
    public void Thumbprint_Rfc7638Example_MatchesPublishedValue()
    {
        // RFC 7638 §3.1: the RSA key of RFC 7517 Appendix A.1 and its thumbprint.
        const string n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        using var rsa = RSA.Create(new RSAParameters { Modulus = Base64Url.DecodeFromChars(n), Exponent = [1, 0, 1] });

        var thumbprint = JwkPublicKey.FromSubjectPublicKeyInfo(KeyType.Rsa2048, rsa.ExportSubjectPublicKeyInfo()).ComputeThumbprint();

        Assert.Equal("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", thumbprint);
    }

    private static string WriteJwk(JwtSigningKey key, string? use)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            key.WriteJwk(writer, use);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
