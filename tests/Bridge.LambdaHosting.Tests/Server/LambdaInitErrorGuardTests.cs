using System.Text.Json;
using Bridge.LambdaHosting.Runtime;
using Bridge.LambdaHosting.Server;
using Bridge.Testing.Lambda;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bridge.LambdaHosting.Tests.Server;

/// <summary>Init failures are posted to /runtime/init/error, once, and only before the first /next.</summary>
public sealed class LambdaInitErrorGuardTests
{
    [Fact]
    public async Task OnUnhandledException_DuringInit_PostsInitError()
    {
        await using var runtime = await FakeLambdaRuntimeApi.StartAsync(TestContext.Current.CancellationToken);
        var guard = new LambdaInitErrorGuard(CreateClient(runtime));

        guard.OnUnhandledException(null, new UnhandledExceptionEventArgs(new InvalidOperationException("Options are invalid."), isTerminating: true));

        var posted = Assert.Single(runtime.InitErrors);
        Assert.Equal(LambdaRuntimeClient.InitErrorType, posted.ErrorType);
        using var body = JsonDocument.Parse(posted.Body);
        Assert.Equal("System.InvalidOperationException", body.RootElement.GetProperty("errorType").GetString());
        Assert.Equal("Options are invalid.", body.RootElement.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task TryReport_Twice_PostsOnce()
    {
        await using var runtime = await FakeLambdaRuntimeApi.StartAsync(TestContext.Current.CancellationToken);
        var guard = new LambdaInitErrorGuard(CreateClient(runtime));

        Assert.True(guard.TryReport(new InvalidOperationException("first")));
        Assert.False(guard.TryReport(new InvalidOperationException("second")));

        Assert.Single(runtime.InitErrors);
    }

    [Fact]
    public async Task TryReport_AfterInitialized_PostsNothing()
    {
        await using var runtime = await FakeLambdaRuntimeApi.StartAsync(TestContext.Current.CancellationToken);
        var guard = new LambdaInitErrorGuard(CreateClient(runtime));
        guard.MarkInitialized();

        Assert.False(guard.TryReport(new InvalidOperationException("during an invocation")));

        Assert.Empty(runtime.InitErrors);
    }

    [Fact]
    public void TryReport_RuntimeApiUnreachable_DoesNotThrow()
    {
        // Port 1 on loopback refuses connections: the report fails quietly and the process ends as it would anyway.
        var guard = new LambdaInitErrorGuard(new LambdaRuntimeClient(new HttpClient(), "127.0.0.1:1"));

        Assert.False(guard.TryReport(new InvalidOperationException("boom")));
    }

    [Fact]
    public async Task StartAsync_HostedServiceFails_InitNotCompletedAndErrorReported()
    {
        await using var app = await LambdaTestApp.CreateAsync(configureServices: services => services.AddHostedService<FailingHostedService>());

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => app.App.StartAsync(TestContext.Current.CancellationToken));
        var reported = app.App.Services.GetRequiredService<LambdaInitErrorGuard>().TryReport(failure);

        Assert.True(reported);
        Assert.Equal(0, app.Runtime.TotalPolls);
        var posted = Assert.Single(app.Runtime.InitErrors);
        Assert.Contains("signing keys unavailable", posted.Body, StringComparison.Ordinal);
    }

    private static LambdaRuntimeClient CreateClient(FakeLambdaRuntimeApi runtime) => new(new HttpClient(), runtime.RuntimeApi);

    private sealed class FailingHostedService : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("signing keys unavailable");

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
