using System.Net;
using Bridge.Client.Exchange;
using Bridge.Client.Sources;
using Bridge.Client.Tests.Exchange;
using Bridge.Client.Tests.TestSupport;

namespace Bridge.Client.Tests.Sources;

/// <summary>The cached JWT-SVID: refresh at half life, single flight, and outage behaviour, on the service's fake clock.</summary>
public sealed class JwtSvidSourceTests(ExchangeHost host) : IClassFixture<ExchangeHost>
{
    [Fact]
    public async Task Fetch_BeforeHalfLife_ServesCached_AfterHalfLife_Refreshes()
    {
        await host.RegisterAsync("Cache");
        var test = host.CreateExchangeClient(host.TokensFor("Cache"));
        var source = new JwtSvidSource(test.Client, ["ledger"], host.Time);

        var first = await source.FetchJwtSvidAsync(TestContext.Current.CancellationToken);
        host.Time.Advance(TimeSpan.FromSeconds(149));
        var cached = await source.FetchJwtSvidAsync(TestContext.Current.CancellationToken);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var refreshed = await source.FetchJwtSvidAsync(TestContext.Current.CancellationToken);

        Assert.Same(first, cached);
        Assert.NotSame(first, refreshed);
        Assert.NotEqual(first.Token, refreshed.Token);
        Assert.Equal(2, test.Handler.Requests);
    }

    [Fact]
    public async Task Fetch_HundredConcurrentCallers_OneExchange()
    {
        await host.RegisterAsync("Herd");
        var test = host.CreateExchangeClient(host.TokensFor("Herd"));
        var source = new JwtSvidSource(test.Client, ["ledger"], host.Time);
        test.Handler.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Every caller has joined before the single exchange is allowed to complete.
        var callers = Enumerable.Range(0, 100).Select(_ => source.FetchJwtSvidAsync(TestContext.Current.CancellationToken).AsTask()).ToArray();
        test.Handler.Gate.SetResult();
        var results = await Task.WhenAll(callers);

        Assert.Equal(1, test.Handler.Requests);
        Assert.All(results, r => Assert.Same(results[0], r));
    }

    [Fact]
    public async Task Fetch_CallerCancels_OthersStillGetTheSvid()
    {
        await host.RegisterAsync("Impatient");
        var test = host.CreateExchangeClient(host.TokensFor("Impatient"));
        var source = new JwtSvidSource(test.Client, ["ledger"], host.Time);
        test.Handler.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var impatient = new CancellationTokenSource();

        var cancelled = source.FetchJwtSvidAsync(impatient.Token).AsTask();
        var patient = source.FetchJwtSvidAsync(TestContext.Current.CancellationToken).AsTask();
        await impatient.CancelAsync();
        test.Handler.Gate.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(ExchangeHost.RoleId("Impatient"), (await patient).SpiffeId);
        Assert.Equal(1, test.Handler.Requests);
    }

    [Fact]
    public async Task Fetch_BridgeUnreachable_ServesCachedUntilExpiry_ThenThrows()
    {
        await host.RegisterAsync("Outage");
        var test = host.CreateExchangeClient(host.TokensFor("Outage"));
        var source = new JwtSvidSource(test.Client, ["ledger"], host.Time);
        var first = await source.FetchJwtSvidAsync(TestContext.Current.CancellationToken);
        test.Handler.Down = true;

        host.Time.Advance(TimeSpan.FromSeconds(200));
        var during = await source.FetchJwtSvidAsync(TestContext.Current.CancellationToken);
        host.Time.Advance(TimeSpan.FromSeconds(99));
        var lastMoment = await source.FetchJwtSvidAsync(TestContext.Current.CancellationToken);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var ex = await Assert.ThrowsAsync<BridgeExchangeException>(() => source.FetchJwtSvidAsync(TestContext.Current.CancellationToken).AsTask());

        Assert.Same(first, during);
        Assert.Same(first, lastMoment);
        Assert.Equal(BridgeExchangeException.Unreachable, ex.Error);
    }

    [Fact]
    public async Task Fetch_AfterFailedRefresh_WaitsRetryIntervalBeforeTryingAgain()
    {
        await host.RegisterAsync("Backoff");
        var test = host.CreateExchangeClient(host.TokensFor("Backoff"), o => o.MaxAttempts = 1);
        var source = new JwtSvidSource(test.Client, ["ledger"], host.Time, refreshRetryInterval: TimeSpan.FromSeconds(10));
        await source.FetchJwtSvidAsync(TestContext.Current.CancellationToken);
        test.Handler.Down = true;
        host.Time.Advance(TimeSpan.FromSeconds(160));

        await source.FetchJwtSvidAsync(TestContext.Current.CancellationToken);
        await source.FetchJwtSvidAsync(TestContext.Current.CancellationToken);
        var duringInterval = test.Handler.Requests;
        test.Handler.Down = false;
        host.Time.Advance(TimeSpan.FromSeconds(10));
        var recovered = await source.FetchJwtSvidAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, duringInterval);
        Assert.Equal(3, test.Handler.Requests);
        Assert.Equal(host.Time.GetUtcNow().AddMinutes(5), recovered.ExpiresAt);
    }

    [Fact]
    public async Task Fetch_RefreshRefusedByBridge_ThrowsEvenWhileCachedIsValid()
    {
        await host.RegisterAsync("Revoked");
        var test = host.CreateExchangeClient(host.TokensFor("Revoked"));
        var source = new JwtSvidSource(test.Client, ["ledger"], host.Time);
        await source.FetchJwtSvidAsync(TestContext.Current.CancellationToken);
        host.Time.Advance(TimeSpan.FromSeconds(160));
        test.Handler.Script.Enqueue(() => BridgeExchangeClientTests.Json(HttpStatusCode.BadRequest, """{"error":"invalid_request"}"""));

        var ex = await Assert.ThrowsAsync<BridgeExchangeException>(() => source.FetchJwtSvidAsync(TestContext.Current.CancellationToken).AsTask());

        Assert.Equal("invalid_request", ex.Error);
    }

    [Fact]
    public void Constructor_NoAudience_Throws()
    {
        var test = host.CreateExchangeClient(host.TokensFor("None"));

        Assert.Throws<ArgumentException>(() => new JwtSvidSource(test.Client, [], host.Time));
        Assert.Throws<ArgumentException>(() => new JwtSvidSource(test.Client, [" "], host.Time));
    }
}
