using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bridge.ExchangeFunction.Tests.Exchange;

/// <summary>A JWT-SVID through <c>POST /token</c>, verified the way a relying party (AWS IAM) would: from discovery only.</summary>
public sealed class JwtSvidExchangeTests(BridgeFactory factory) : IClassFixture<BridgeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Token_RegisteredRole_ReturnsJwtSvidResponse()
    {
        await factory.RegisterAsync("Reports", audiences: ["ledger", "audit"], hint: "reports");

        using var response = await factory.Client.PostTokenAsync(TokenRequest.Jwt(factory.StsToken("Reports"), "ledger"));

        var body = await OAuthAssert.SuccessAsync(response);
        Assert.Equal("N_A", body.GetProperty("token_type").GetString());
        Assert.Equal(TokenRequest.JwtType, body.GetProperty("issued_token_type").GetString());
        Assert.Equal(300, body.GetProperty("expires_in").GetInt64());
        Assert.Equal("spiffe://example.org/aws/123456789012/role/Reports", body.GetProperty("spiffe_id").GetString());
        Assert.Equal("reports", body.GetProperty("hint").GetString());
        Assert.False(body.TryGetProperty("x5c", out _));
        Assert.False(body.TryGetProperty("trust_bundle", out _));
    }

    [Fact]
    public async Task Token_JwtSvid_ValidatesWithOnlyTheDiscoveredJwks()
    {
        await factory.RegisterAsync("Validator", audiences: ["ledger", "audit"]);
        using var response = await factory.Client.PostTokenAsync(TokenRequest.Jwt(factory.StsToken("Validator"), "ledger", "audit"));
        var token = (await OAuthAssert.SuccessAsync(response)).GetProperty("access_token").GetString()!;

        using var discovery = JsonDocument.Parse(await factory.Client.GetStringAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative), Ct));
        var issuer = discovery.RootElement.GetProperty("issuer").GetString()!;
        var jwksUri = new Uri(discovery.RootElement.GetProperty("jwks_uri").GetString()!);
        Assert.Equal(BridgeFactory.BridgeIssuer, issuer);
        Assert.Equal(BridgeFactory.BridgeIssuer + "/keys", jwksUri.ToString());
        var jwks = new JsonWebKeySet(await factory.Client.GetStringAsync(new Uri(jwksUri.PathAndQuery, UriKind.Relative), Ct));

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = "audit",
            IssuerSigningKeys = jwks.GetSigningKeys(),
            TryAllIssuerSigningKeys = false,
            LifetimeValidator = (notBefore, expires, _, _) => expires > factory.Time.GetUtcNow().UtcDateTime,
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal("spiffe://example.org/aws/123456789012/role/Validator", result.Claims["sub"]);
    }

    [Fact]
    public async Task Token_JwtSvid_HasSpiffeShape()
    {
        await factory.RegisterAsync("Shape");
        using var response = await factory.Client.PostTokenAsync(TokenRequest.Jwt(factory.StsToken("Shape"), "ledger"));
        var token = (await OAuthAssert.SuccessAsync(response)).GetProperty("access_token").GetString()!;
        var parts = token.Split('.');

        using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));

        Assert.Equal(3, parts.Length);
        Assert.Equal(["alg", "kid", "typ"], header.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("ES256", header.RootElement.GetProperty("alg").GetString());
        Assert.Equal("JWT", header.RootElement.GetProperty("typ").GetString());
        var claims = payload.RootElement;
        Assert.Equal(BridgeFactory.BridgeIssuer, claims.GetProperty("iss").GetString());
        Assert.Equal(JsonValueKind.Array, claims.GetProperty("aud").ValueKind);
        Assert.Equal(["ledger"], claims.GetProperty("aud").EnumerateArray().Select(a => a.GetString()));
        var now = factory.Time.GetUtcNow().ToUnixTimeSeconds();
        AssertIntegerClaim(claims, "iat", now);
        AssertIntegerClaim(claims, "exp", now + 300);
        Assert.False(string.IsNullOrEmpty(claims.GetProperty("jti").GetString()));
    }

    private static void AssertIntegerClaim(JsonElement claims, string name, long expected)
    {
        var value = claims.GetProperty(name);
        Assert.Equal(JsonValueKind.Number, value.ValueKind);
        // AWS STS rejects 1.7e9 and 1700000000.0: the JSON text itself must be a plain integer.
        Assert.Matches("^[0-9]+$", value.GetRawText());
        Assert.Equal(expected, value.GetInt64());
    }
}
