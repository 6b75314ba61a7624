using Bridge.LambdaHosting.Runtime;
using Bridge.LambdaHosting.Server;
using Bridge.Testing.Lambda;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bridge.LambdaHosting.Tests.Server;

/// <summary>Faults of the server itself end the environment (exit code 1) instead of leaving a dead loop.</summary>
public sealed class LambdaServerFailureTests
{
    [Fact]
    public async Task Start_RuntimeApiUnreachable_StopsApplication()
    {
        var lifetime = new RecordingLifetime();
        using var server = CreateServer("127.0.0.1:1", lifetime);

        await server.StartAsync(new ThrowingApplication(), TestContext.Current.CancellationToken);

        try
        {
            await lifetime.Stopped.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            Assert.Equal(1, Environment.ExitCode);
        }
        finally
        {
            Environment.ExitCode = 0;
            await server.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Invoke_ServerFaultOutsideApplication_StopsApplication()
    {
        await using var runtime = await FakeLambdaRuntimeApi.StartAsync(TestContext.Current.CancellationToken);
        var lifetime = new RecordingLifetime();
        using var server = CreateServer(runtime.RuntimeApi, lifetime);
        await server.StartAsync(new ThrowingApplication(), TestContext.Current.CancellationToken);

        runtime.Enqueue(HttpApiV2Event.Create("GET", "/x"));

        try
        {
            await lifetime.Stopped.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            Assert.Equal(1, Environment.ExitCode);
        }
        finally
        {
            Environment.ExitCode = 0;
            await server.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    private static LambdaServer CreateServer(string runtimeApi, IHostApplicationLifetime lifetime)
    {
        var client = new LambdaRuntimeClient(new HttpClient(), runtimeApi);
        return new LambdaServer(
            Options.Create(new LambdaHostingOptions { RuntimeApi = runtimeApi }),
            client,
            new LambdaInitErrorGuard(client),
            TimeProvider.System,
            lifetime,
            NullLogger<LambdaServer>.Instance,
            [],
            []);
    }

    /// <summary>An application whose context creation fails: a fault in the server's own path, not in the pipeline.</summary>
    private sealed class ThrowingApplication : IHttpApplication<object>
    {
        public object CreateContext(IFeatureCollection contextFeatures) => throw new InvalidOperationException("server-side fault");

        public void DisposeContext(object context, Exception? exception)
        {
        }

        public Task ProcessRequestAsync(object context) => Task.CompletedTask;
    }

    private sealed class RecordingLifetime : IHostApplicationLifetime
    {
        public TaskCompletionSource Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => Stopped.TrySetResult();
    }
}
