using System.Net;
using Bridge.Client.Exchange;
using Bridge.Client.Sources;
using Bridge.Client.Tests.TestSupport;
using Bridge.Testing.Aws.Sts;

namespace Bridge.Client.Tests.Evidence;

/// <summary>
/// The whole path: the real SDK asks the fake STS for a token (minted under the issuer and key the in-process Bridge
/// trusts), the client exchanges it at Bridge and gets a JWT-SVID for the caller's role.
/// </summary>
public sealed class StsWebIdentityTokenEndToEndTests(ExchangeHost host) : IClassFixture<ExchangeHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FetchJwtSvid_WithStsProvider_GetsTheRolesSvid()
    {
        var id = await host.RegisterAsync("StsEndToEnd");
        await using var sts = await StartStsAsync("StsEndToEnd");
        using var sdk = StsTestClients.Sdk(sts.ServiceUrl);
        var test = host.CreateExchangeClient(StsTestClients.Provider(sdk, StsTestClients.Options(ExchangeHost.BridgeAudience)));

        var svid = await new JwtSvidSource(test.Client, ["ledger"], host.Time).FetchJwtSvidAsync(Ct);

        Assert.Equal(id, svid.SpiffeId);
        var call = Assert.Single(sts.Calls);
        Assert.Equal([ExchangeHost.BridgeAudience], call.Audiences);
    }

    [Fact]
    public async Task FetchJwtSvid_BridgeUnavailableOnce_RetryUsesAFreshStsToken()
    {
        var id = await host.RegisterAsync("StsRetry");
        await using var sts = await StartStsAsync("StsRetry");
        using var sdk = StsTestClients.Sdk(sts.ServiceUrl);
        var test = host.CreateExchangeClient(StsTestClients.Provider(sdk, StsTestClients.Options(ExchangeHost.BridgeAudience)));
        test.Handler.Script.Enqueue(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));

        var svid = await new JwtSvidSource(test.Client, ["ledger"], host.Time).FetchJwtSvidAsync(Ct);

        Assert.Equal(id, svid.SpiffeId);
        Assert.Equal(2, sts.IssuedTokens.Count);
        Assert.Equal(2, sts.IssuedTokens.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task FetchJwtSvid_WrongAudienceAtSts_BridgeRefuses()
    {
        await host.RegisterAsync("StsWrongAudience");
        await using var sts = await StartStsAsync("StsWrongAudience");
        using var sdk = StsTestClients.Sdk(sts.ServiceUrl);
        var test = host.CreateExchangeClient(StsTestClients.Provider(sdk, StsTestClients.Options("not-bridge")));

        var ex = await Assert.ThrowsAsync<BridgeExchangeException>(() => new JwtSvidSource(test.Client, ["ledger"], host.Time).FetchJwtSvidAsync(Ct).AsTask());

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
    }

    private async Task<FakeStsServer> StartStsAsync(string role)
    {
        var sts = await FakeStsServer.StartAsync(issuer: ExchangeHost.StsIssuer, rsaKey: host.StsKey, timeProvider: host.Time);
        sts.CallerArn = $"arn:aws:iam::{ExchangeHost.Account}:role/{role}";
        return sts;
    }
}
