using System.Net;
using Bridge.Abstractions.Attestation;
using Bridge.ExchangeFunction.Tests.TestSupport;

namespace Bridge.ExchangeFunction.Tests.Policy;

/// <summary>Which identity a caller gets when several entries apply, and the <c>resource</c> parameter.</summary>
public sealed class IdentitySelectionTests(BridgeFactory factory) : IClassFixture<BridgeFactory>
{
    [Fact]
    public async Task Token_TwoEntriesMatch_IsAmbiguousUntilResourceNamesOne()
    {
        await factory.RegisterAsync("Multi", spiffePath: "payments/api");
        await factory.RegisterAsync("Multi", spiffePath: "payments/batch");

        using var ambiguous = await factory.Client.PostTokenAsync(TokenRequest.Jwt(factory.StsToken("Multi"), "ledger"));
        using var named = await factory.Client.PostTokenAsync(
            TokenRequest.Jwt(factory.StsToken("Multi"), "ledger").With("resource", "spiffe://example.org/payments/batch"));

        await OAuthAssert.ErrorAsync(ambiguous, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.Ambiguous);
        var body = await OAuthAssert.SuccessAsync(named);
        Assert.Equal("spiffe://example.org/payments/batch", body.GetProperty("spiffe_id").GetString());
    }

    [Fact]
    public async Task Token_BroaderEntryAlsoMatches_IsAmbiguous()
    {
        // An entry needing only the account applies to every role in it, so it competes with the role's own entry.
        // Another account keeps the broad entry away from the other tests' callers.
        const string account = "210987654321";
        await factory.RegisterAsync(
            "Broad", spiffePath: "roles/broad", selectors: [new Selector("aws", "account:" + account), new Selector("aws", "role:Broad")]);
        await factory.RegisterAsync("Broad", spiffePath: "accounts/shared", selectors: [new Selector("aws", "account:" + account)]);
        string Token() => factory.Tokens.Create(factory.Tokens.StsClaims(account, "role/Broad"));

        using var ambiguous = await factory.Client.PostTokenAsync(TokenRequest.Jwt(Token(), "ledger"));
        using var named = await factory.Client.PostTokenAsync(TokenRequest.Jwt(Token(), "ledger").With("resource", "spiffe://example.org/roles/broad"));

        await OAuthAssert.ErrorAsync(ambiguous, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.Ambiguous);
        Assert.Equal("spiffe://example.org/roles/broad", (await OAuthAssert.SuccessAsync(named)).GetProperty("spiffe_id").GetString());
    }

    public static TheoryData<string> UnavailableResources => new()
    {
        "spiffe://example.org/payments/someone-else",
        "spiffe://other.example/aws/123456789012/role/Single",
        "spiffe://example.org/bridge/attestor/aws-sts",
    };

    [Theory]
    [MemberData(nameof(UnavailableResources))]
    public async Task Token_ResourceNotOneOfTheCallersIdentities_IsInvalidTarget(string resource)
    {
        await factory.RegisterAsync("Single");

        using var response = await factory.Client.PostTokenAsync(TokenRequest.Jwt(factory.StsToken("Single"), "ledger").With("resource", resource));

        await OAuthAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_target", ErrorDescriptions.ResourceNotAvailable);
    }

    [Fact]
    public async Task Token_ResourceMatchesTheOnlyEntry_IsIssued()
    {
        await factory.RegisterAsync("Named");

        using var response = await factory.Client.PostTokenAsync(
            TokenRequest.Jwt(factory.StsToken("Named"), "ledger").With("resource", "spiffe://example.org/aws/123456789012/role/Named"));

        var body = await OAuthAssert.SuccessAsync(response);
        Assert.Equal("spiffe://example.org/aws/123456789012/role/Named", body.GetProperty("spiffe_id").GetString());
    }
}
