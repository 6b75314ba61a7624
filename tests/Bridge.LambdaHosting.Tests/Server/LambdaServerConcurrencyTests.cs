using Bridge.Testing.Lambda;

namespace Bridge.LambdaHosting.Tests.Server;

/// <summary>AWS_LAMBDA_MAX_CONCURRENCY: that many invocation loops serve concurrent invocations in one environment.</summary>
public sealed class LambdaServerConcurrencyTests
{
    [Fact]
    public async Task Start_MaxConcurrency3_ThreeLoopsPollAtOnce()
    {
        await using var app = await LambdaTestApp.StartAsync(maxConcurrency: 3);

        await app.Runtime.WaitForConcurrentPollsAsync(3, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(3, app.Runtime.TotalPolls);
    }

    [Fact]
    public async Task Invoke_MaxConcurrency2_TwoInvocationsInFlightTogether()
    {
        // Each /barrier request waits until the other has arrived: with a single loop neither would ever finish.
        await using var app = await LambdaTestApp.StartAsync(maxConcurrency: 2);

        var first = app.InvokeAsync(HttpApiV2Event.Create("GET", "/barrier"));
        var second = app.InvokeAsync(HttpApiV2Event.Create("GET", "/barrier"));
        var responses = await Task.WhenAll(first, second);

        Assert.All(responses, response => Assert.Equal("through", response.Body));
    }
}
