using System.Net;
using Bridge.ExchangeFunction.Tests.TestSupport;

namespace Bridge.ExchangeFunction.Tests.Policy;

/// <summary>
/// When the subject token's issuer cannot be reached the caller is told to retry, not that its token is bad. A fixture
/// of its own: the attestor must not have cached the issuer's keys before the outage.
/// </summary>
public sealed class IssuerOutageTests(IssuerOutageTests.OutageFactory factory) : IClassFixture<IssuerOutageTests.OutageFactory>
{
    [Fact]
    public async Task Token_IssuerKeysUnreachable_IsTemporarilyUnavailableWithRetryAfter()
    {
        await factory.RegisterAsync("Outage");
        factory.Issuer.Unavailable = true;

        using var response = await factory.Client.PostTokenAsync(TokenRequest.Jwt(factory.StsToken("Outage"), "ledger"));

        await OAuthAssert.ErrorAsync(response, HttpStatusCode.ServiceUnavailable, "temporarily_unavailable", ErrorDescriptions.Unavailable);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        Assert.True(factory.Issuer.DiscoveryFetchCount > 0);

        // Failing closed is temporary: once the issuer is back (and the refresh interval passed), exchanges work again.
        factory.Issuer.Unavailable = false;
        factory.Time.Advance(TimeSpan.FromMinutes(1));
        using var recovered = await factory.Client.PostTokenAsync(TokenRequest.Jwt(factory.StsToken("Outage"), "ledger"));
        await OAuthAssert.SuccessAsync(recovered);
    }

    /// <summary>A service whose issuer is reachable only when the test says so.</summary>
    public sealed class OutageFactory : BridgeFactory;
}
