using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bridge.Spiffe.Bundle.Jwt;

namespace Bridge.Spiffe.Tests.Bundle.Jwt;

public sealed class JwkThumbprintTests
{
    [Fact]
    public void Compute_Rfc7638Example_MatchesPublishedValue()
    {
        // RFC 7638 §3.1: the RSA key of RFC 7517 Appendix A.1 and its thumbprint.
        const string n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        using var rsa = RSA.Create(new RSAParameters { Modulus = Base64Url.DecodeFromChars(n), Exponent = [1, 0, 1] });

        Assert.Equal("NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs", JwkThumbprint.Compute(rsa.ExportSubjectPublicKeyInfo()));
    }

    [Theory]
    [InlineData("P-256")]
    [InlineData("P-384")]
    [InlineData("P-521")]
    public void Compute_EcKey_IsTheThumbprintOfTheJwkTheJwksPublishes(string curve)
    {
        using var ec = ECDsa.Create(curve switch
        {
            "P-256" => ECCurve.NamedCurves.nistP256,
            "P-384" => ECCurve.NamedCurves.nistP384,
            _ => ECCurve.NamedCurves.nistP521,
        });
        var spki = ec.ExportSubjectPublicKeyInfo();
        var jwk = JsonDocument.Parse(OidcJwksWriter.Write([new JwtAuthority("k", spki)])).RootElement.GetProperty("keys")[0];

        // RFC 7638 §3.2: the required members, in lexicographic order, no white space.
        var canonical = $$"""{"crv":"{{jwk.GetProperty("crv").GetString()}}","kty":"EC","x":"{{jwk.GetProperty("x").GetString()}}","y":"{{jwk.GetProperty("y").GetString()}}"}""";
        Assert.Equal(Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))), JwkThumbprint.Compute(spki));
    }

    [Fact]
    public void Compute_UnsupportedOrMalformedKey_Throws()
    {
        using var weak = RSA.Create(1024);

        Assert.Throws<ArgumentException>(() => JwkThumbprint.Compute(weak.ExportSubjectPublicKeyInfo()));
        Assert.Throws<ArgumentException>(() => JwkThumbprint.Compute([1, 2, 3]));
    }
}
