using Bridge.ExchangeFunction.Tests.TestSupport;

namespace Bridge.ExchangeFunction.Tests.Endpoints;

public sealed class SmokeTests(BridgeFactory factory) : IClassFixture<BridgeFactory>
{
    [Fact]
    public async Task Token_Smoke()
    {
        await factory.RegisterAsync("Smoke");
        using var client = factory.CreateClient();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange",
            ["subject_token_type"] = "urn:ietf:params:oauth:token-type:jwt",
            ["subject_token"] = factory.StsToken("Smoke"),
            ["audience"] = "ledger",
        });
        using var response = await client.PostAsync("/token", content, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Fail(response.StatusCode + " " + body);
    }
}
