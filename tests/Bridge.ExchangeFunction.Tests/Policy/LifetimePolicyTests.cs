using System.Security.Cryptography;
using Bridge.ExchangeFunction.Tests.TestSupport;

namespace Bridge.ExchangeFunction.Tests.Policy;

/// <summary><c>ttl</c> is an upper bound: it narrows the lifetime, never extends the entry's.</summary>
public sealed class LifetimePolicyTests(BridgeFactory factory) : IClassFixture<BridgeFactory>
{
    [Theory]
    [InlineData("60", 60)]
    [InlineData("119", 119)]
    [InlineData("600", 120)]
    [InlineData("2147483647", 120)]
    public async Task Token_JwtSvidTtl_IsTheShorterOfRequestAndEntry(string ttl, long expected)
    {
        var role = "Ttl" + Guid.NewGuid().ToString("N")[..8];
        await factory.RegisterAsync(role, jwtTtl: TimeSpan.FromMinutes(2));

        using var response = await factory.Client.PostTokenAsync(TokenRequest.Jwt(factory.StsToken(role), "ledger").With("ttl", ttl));

        var body = await OAuthAssert.SuccessAsync(response);
        Assert.Equal(expected, body.GetProperty("expires_in").GetInt64());
        var jwt = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(body.GetProperty("access_token").GetString());
        Assert.Equal(expected, (long)(jwt.ValidTo - jwt.IssuedAt).TotalSeconds);
    }

    [Fact]
    public async Task Token_X509SvidTtl_NarrowsTheCertificate()
    {
        await factory.RegisterAsync("X509Ttl");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var response = await factory.Client.PostTokenAsync(TokenRequest.X509(factory.StsToken("X509Ttl"), Csrs.Pem(key)).With("ttl", "600"));

        var body = await OAuthAssert.SuccessAsync(response);
        using var svid = X509Response.From(body);
        Assert.Equal(600, body.GetProperty("expires_in").GetInt64());
        Assert.Equal(factory.Time.GetUtcNow().AddSeconds(600), new DateTimeOffset(svid.Leaf.NotAfter.ToUniversalTime()));
    }
}
