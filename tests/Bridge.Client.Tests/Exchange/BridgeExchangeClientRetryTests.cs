using System.Net;
using Bridge.Client.Exchange;
using Bridge.Client.Tests.TestSupport;

namespace Bridge.Client.Tests.Exchange;

/// <summary>
/// Retries: only 503, 429 and network failures; Retry-After honoured; a fresh subject token per attempt; bounded.
/// Issuer outages need a service whose attestor never cached the issuer's keys, so those tests host their own.
/// </summary>
public sealed class BridgeExchangeClientRetryTests(ExchangeHost host) : IClassFixture<ExchangeHost>
{
    [Fact]
    public async Task RequestJwtSvid_IssuerOutageThenRecovery_RetriesAfterRetryAfterWithFreshToken()
    {
        await using var outage = new ExchangeHost();
        await outage.RegisterAsync("Outage");
        outage.Issuer.Unavailable = true;
        var tokens = outage.TokensFor("Outage");

        // The issuer's keys are refetched only after the attestor's 30 s back-off, on the clock the client shares.
        var test = outage.CreateExchangeClient(tokens, o => o.TotalTimeout = TimeSpan.FromMinutes(5));
        test.Clock.OnDelay = delay =>
        {
            test.Delays.Add(delay);
            outage.Issuer.Unavailable = false;
            outage.Time.Advance(TimeSpan.FromMinutes(1));
            return true;
        };

        var svid = await test.Client.RequestJwtSvidAsync(["ledger"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(ExchangeHost.RoleId("Outage"), svid.SpiffeId);
        Assert.Equal([TimeSpan.FromSeconds(2)], test.Delays);
        Assert.Equal(2, test.Handler.Requests);
        Assert.Equal(2, tokens.Calls);
    }

    [Fact]
    public async Task RequestJwtSvid_IssuerStaysDown_GivesUpAfterMaxAttempts()
    {
        await using var outage = new ExchangeHost();
        await outage.RegisterAsync("Down");
        outage.Issuer.Unavailable = true;
        var tokens = outage.TokensFor("Down");
        var test = outage.CreateExchangeClient(tokens, o => o.MaxAttempts = 3);

        var ex = await Assert.ThrowsAsync<BridgeExchangeException>(
            () => test.Client.RequestJwtSvidAsync(["ledger"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal("temporarily_unavailable", ex.Error);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.Equal(3, test.Handler.Requests);
        Assert.Equal(3, tokens.Calls);
        Assert.Equal(2, test.Delays.Count);
    }

    [Fact]
    public async Task RequestJwtSvid_429WithRetryAfter_WaitsThatLongThenSucceeds()
    {
        await host.RegisterAsync("Throttled");
        var test = host.CreateExchangeClient(host.TokensFor("Throttled"));
        test.Handler.Script.Enqueue(() => Throttled(TimeSpan.FromSeconds(1)));

        await test.Client.RequestJwtSvidAsync(["ledger"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([TimeSpan.FromSeconds(1)], test.Delays);
        Assert.Equal(2, test.Handler.Requests);
    }

    [Fact]
    public async Task RequestJwtSvid_RetryAfterBeyondMaxBackoff_IsCapped()
    {
        await host.RegisterAsync("Capped");
        var test = host.CreateExchangeClient(host.TokensFor("Capped"), o => o.MaxBackoff = TimeSpan.FromSeconds(3));
        test.Handler.Script.Enqueue(() => Throttled(TimeSpan.FromSeconds(20)));

        await test.Client.RequestJwtSvidAsync(["ledger"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([TimeSpan.FromSeconds(3)], test.Delays);
    }

    [Fact]
    public async Task RequestJwtSvid_RetryAfterBeyondTotalTimeout_GivesUpWithoutWaiting()
    {
        var test = host.CreateExchangeClient(host.TokensFor("Budget"), o =>
        {
            o.MaxBackoff = TimeSpan.FromMinutes(5);
            o.TotalTimeout = TimeSpan.FromSeconds(30);
        });
        test.Handler.Script.Enqueue(() => Throttled(TimeSpan.FromMinutes(2)));

        var ex = await Assert.ThrowsAsync<BridgeExchangeException>(
            () => test.Client.RequestJwtSvidAsync(["ledger"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Empty(test.Delays);
        Assert.Equal(1, test.Handler.Requests);
    }

    [Fact]
    public async Task RequestJwtSvid_NetworkFailureOnce_RetriesWithJitteredBackoff()
    {
        await host.RegisterAsync("Flaky");
        var tokens = host.TokensFor("Flaky");
        var test = host.CreateExchangeClient(tokens, o => o.InitialBackoff = TimeSpan.FromMilliseconds(200));
        test.Handler.Script.Enqueue(() => throw new HttpRequestException(HttpRequestError.ConnectionError));

        await test.Client.RequestJwtSvidAsync(["ledger"], cancellationToken: TestContext.Current.CancellationToken);

        var delay = Assert.Single(test.Delays);
        Assert.InRange(delay, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200));
        Assert.Equal(2, tokens.Calls);
    }

    [Fact]
    public async Task RequestJwtSvid_NetworkDown_GivesUpUnreachableWithGrowingBackoff()
    {
        var test = host.CreateExchangeClient(host.TokensFor("Unreachable"), o =>
        {
            o.MaxAttempts = 4;
            o.InitialBackoff = TimeSpan.FromMilliseconds(100);
            o.MaxBackoff = TimeSpan.FromSeconds(10);
        });
        test.Handler.Down = true;

        var ex = await Assert.ThrowsAsync<BridgeExchangeException>(
            () => test.Client.RequestJwtSvidAsync(["ledger"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(BridgeExchangeException.Unreachable, ex.Error);
        Assert.Null(ex.StatusCode);
        Assert.True(ex.IsTransient);
        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Equal(4, test.Handler.Requests);
        Assert.Equal(3, test.Delays.Count);
        Assert.InRange(test.Delays[0], TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100));
        Assert.InRange(test.Delays[2], TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400));
    }

    [Fact]
    public async Task RequestJwtSvid_AttemptTimesOut_IsRetriedAsNetworkFailure()
    {
        await host.RegisterAsync("Hanging");
        var tokens = host.TokensFor("Hanging");
        var test = host.CreateExchangeClient(tokens, o => o.AttemptTimeout = TimeSpan.FromSeconds(10));
        test.Handler.Script.Enqueue(() =>
        {
            // The attempt's own timer fires on the shared fake clock while the request is in flight.
            host.Time.Advance(TimeSpan.FromSeconds(10));
            throw new TaskCanceledException();
        });

        var svid = await test.Client.RequestJwtSvidAsync(["ledger"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(ExchangeHost.RoleId("Hanging"), svid.SpiffeId);
        Assert.Equal(2, tokens.Calls);
        Assert.Single(test.Delays);
    }

    [Fact]
    public async Task RequestJwtSvid_TotalTimeoutElapsesDuringBackoff_GivesUpWithLastFailure()
    {
        var test = host.CreateExchangeClient(host.TokensFor("Slow"), o =>
        {
            o.MaxAttempts = 10;
            o.TotalTimeout = TimeSpan.FromSeconds(30);
        });
        test.Handler.Down = true;
        test.Clock.OnDelay = _ =>
        {
            // The total budget runs out during the backoff, which never elapses by itself.
            host.Time.Advance(TimeSpan.FromSeconds(31));
            return false;
        };

        var ex = await Assert.ThrowsAsync<BridgeExchangeException>(
            () => test.Client.RequestJwtSvidAsync(["ledger"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(BridgeExchangeException.Unreachable, ex.Error);
        Assert.Equal(1, test.Handler.Requests);
    }

    [Fact]
    public async Task RequestJwtSvid_CancelledDuringBackoff_ThrowsOperationCanceled()
    {
        using var cancel = new CancellationTokenSource();
        var test = host.CreateExchangeClient(host.TokensFor("CancelWait"));
        test.Handler.Down = true;
        test.Clock.OnDelay = _ =>
        {
            cancel.Cancel();
            return false;
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => test.Client.RequestJwtSvidAsync(["ledger"], cancellationToken: cancel.Token));
        Assert.Equal(1, test.Handler.Requests);
    }

    private static HttpResponseMessage Throttled(TimeSpan retryAfter)
    {
        var response = BridgeExchangeClientTests.Json(HttpStatusCode.TooManyRequests, """{"error":"temporarily_unavailable"}""");
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(retryAfter);
        return response;
    }
}
