using System.Net;
using Bridge.ExchangeFunction.Tests.TestSupport;

namespace Bridge.ExchangeFunction.Tests.Policy;

/// <summary>Requested audiences only narrow what the matched entry allows.</summary>
public sealed class AudiencePolicyTests(BridgeFactory factory) : IClassFixture<BridgeFactory>
{
    public static TheoryData<string[]> DisallowedAudiences => new()
    {
        new[] { "payroll" },
        new[] { "ledger", "payroll" },
        new[] { "Ledger" },
    };

    [Theory]
    [MemberData(nameof(DisallowedAudiences))]
    public async Task Token_AudienceNotInEntry_IsInvalidTarget(string[] audiences)
    {
        var role = "Aud" + Guid.NewGuid().ToString("N")[..8];
        await factory.RegisterAsync(role, audiences: ["ledger", "audit"]);

        using var response = await factory.Client.PostTokenAsync(TokenRequest.Jwt(factory.StsToken(role), audiences));

        await OAuthAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_target", ErrorDescriptions.AudienceNotAllowed);
    }

    [Fact]
    public async Task Token_JwtSvidWithoutAudience_IsRefused()
    {
        await factory.RegisterAsync("NoAudience");

        using var response = await factory.Client.PostTokenAsync(TokenRequest.Jwt(factory.StsToken("NoAudience")));

        await OAuthAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.AudienceRequired);
    }

    [Fact]
    public async Task Token_SubsetOfEntryAudiences_IsIssuedWithExactlyThose()
    {
        await factory.RegisterAsync("Subset", audiences: ["ledger", "audit", "billing"]);

        using var response = await factory.Client.PostTokenAsync(TokenRequest.Jwt(factory.StsToken("Subset"), "audit", "ledger"));

        var token = (await OAuthAssert.SuccessAsync(response)).GetProperty("access_token").GetString()!;
        var jwt = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token);
        Assert.Equal(["audit", "ledger"], jwt.Audiences);
    }
}
