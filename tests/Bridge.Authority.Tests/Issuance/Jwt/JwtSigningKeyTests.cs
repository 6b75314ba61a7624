using System.Buffers.Text;
using System.Security.Cryptography;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;
using Bridge.Spiffe.Bundle.Jwt;
using Microsoft.IdentityModel.Tokens;
using static Bridge.Authority.Tests.Issuance.Jwt.JwtTestSupport;

namespace Bridge.Authority.Tests.Issuance.Jwt;

/// <summary>
/// A published signing key as relying parties see it: its JWK is written by Bridge.Spiffe (the one JWK conversion,
/// used by <c>/keys</c> and the bundle) and its <c>kid</c> is the RFC 7638 thumbprint of that JWK.
/// </summary>
public sealed class JwtSigningKeyTests
{
    [Theory]
    [InlineData(KeyType.EcP256, "ES256")]
    [InlineData(KeyType.EcP384, "ES384")]
    [InlineData(KeyType.Rsa2048, "RS256")]
    public async Task PublishedKey_InTheJwks_ParsedByIndependentLibrary_ValidatesIssuedToken(KeyType keyType, string algorithm)
    {
        var clock = NewClock();
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), clock, keyType);
        var published = Assert.Single(await issuer.GetPublishedKeysAsync(CancellationToken.None));
        var issued = await issuer.IssueAsync(Subject, ["reports"], TimeSpan.FromMinutes(5), CancellationToken.None);

        var jwk = Assert.Single(new JsonWebKeySet(OidcJwksWriter.Write([new JwtAuthority(published.KeyId, published.SubjectPublicKeyInfo)])).Keys);

        Assert.Equal(published.KeyId, jwk.Kid);
        Assert.Equal(algorithm, jwk.Alg);
        Assert.Equal(published.KeyId, Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint()));
        var result = await ValidateAsync(issued.Token, jwk, algorithm, "reports", clock);
        Assert.True(result.IsValid, result.Exception?.Message);
    }

    [Fact]
    public void KeyId_KeyOfAnotherType_Throws()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Throws<CryptographicException>(() => JwtSigner.KeyIdOf(KeyType.EcP256, ec.ExportSubjectPublicKeyInfo()));
    }

    [Fact]
    public void KeyId_TrailingBytesOrGarbage_Throws()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.Throws<CryptographicException>(() => JwtSigner.KeyIdOf(KeyType.EcP256, [.. ec.ExportSubjectPublicKeyInfo(), 0]));
        Assert.Throws<CryptographicException>(() => JwtSigner.KeyIdOf(KeyType.EcP256, [1, 2, 3]));
    }

    [Fact]
    public void Thumbprint_Rfc7638Example_MatchesPublishedValue()
    {
        // RFC 7638 §3.1: the RSA key of RFC 7517 Appendix A.1 and its thumbprint.
        const string n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        using var rsa = RSA.Create(new RSAParameters { Modulus = Base64Url.DecodeFromChars(n), Exponent = [1, 0, 1] });

        var thumbprint = JwtSigner.KeyIdOf(KeyType.Rsa2048, rsa.ExportSubjectPublicKeyInfo());

        Assert.Equal("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", thumbprint);
    }
}
