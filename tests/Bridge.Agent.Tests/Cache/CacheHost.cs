using System.Net.Sockets;
using Bridge.Agent.Cache;
using Bridge.Agent.Hosting;
using Bridge.Agent.Node;
using Bridge.Agent.Server;
using Bridge.Testing.Agents;
using Bridge.Testing.Time;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Agent.Tests.Cache;

/// <summary>
/// The cache part as the agent hosts it (its own extension methods, Kestrel, the real sync loop) on a fake clock,
/// with a stand-in for the Workload API's Unix socket listener, so health is checked over real HTTP on both.
/// </summary>
internal sealed class CacheHost : IAsyncDisposable
{
    private readonly DelayObservingTimeProvider _clock;

    private CacheHost(WebApplication app, DelayObservingTimeProvider clock, FakeAgentServerClient server, TestSpiffeCa ca, string socketPath)
    {
        App = app;
        _clock = clock;
        Time = clock.Clock;
        Server = server;
        Ca = ca;
        SocketPath = socketPath;
    }

    public WebApplication App { get; }

    public FakeTimeProvider Time { get; }

    public FakeAgentServerClient Server { get; }

    public TestSpiffeCa Ca { get; }

    public string SocketPath { get; }

    public WorkloadIdentityCache Cache => App.Services.GetRequiredService<WorkloadIdentityCache>();

    public IReadOnlyList<string> Addresses => [.. App.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses];

    public Uri HealthAddress => new(Addresses.Single(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)) + "/health");

    /// <summary>Builds and starts the host; <paramref name="beforeStart"/> sets the fake server up before the first sync.</summary>
    public static async Task<CacheHost> StartAsync(string listen = "127.0.0.1:0", AgentIdentityState? agent = null, Action<FakeAgentServerClient>? beforeStart = null)
    {
        var time = new FakeTimeProvider(CacheHarness.Start);
        var ca = new TestSpiffeCa("example.org", CacheHarness.Start);
        var server = new FakeAgentServerClient(ca, time);
        beforeStart?.Invoke(server);
        var socketPath = Path.Combine(Path.GetTempPath(), $"bridge-cache-{Guid.NewGuid():N}.sock");

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["BridgeAgent:Health:Listen"] = listen });
        var clock = new DelayObservingTimeProvider(time);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.Configure<AgentOptions>(options => options.TrustDomain = "example.org");
        builder.Services.AddSingleton<IAgentServerClient>(server);
        builder.Services.AddSingleton<IAgentIdentity>(new FixedAgentIdentity(agent));
        builder.Services.AddWorkloadIdentityCache(builder.Configuration);

        // What the Workload API part does for its socket; health must not answer there.
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.ListenUnixSocket(socketPath));
        var app = builder.Build();
        app.MapAgentHealth();
        await app.StartAsync();
        return new CacheHost(app, clock, server, ca, socketPath);
    }

    /// <summary>
    /// Waits until the sync loop is waiting on the clock, then advances it by <paramref name="by"/>: advanced before the
    /// loop set its timer, the clock would move under no timer and the loop would then wait past what the test expects.
    /// </summary>
    public async Task AdvanceWhenWaitingAsync(TimeSpan by)
    {
        await EventuallyAsync(() => _clock.PendingDelays > 0);
        Time.Advance(by);
    }

    /// <summary>Waits (bounded, in real time) for the loop to reach a state; the loop itself only runs on the fake clock.</summary>
    public static async Task EventuallyAsync(Func<bool> condition)
    {
        for (var i = 0; i < 2_000 && !condition(); i++)
        {
            await Task.Delay(5);
        }

        Assert.True(condition(), "The sync loop did not reach the expected state.");
    }

    public HttpClient SocketClient() => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    });

    public async ValueTask DisposeAsync()
    {
        Server.EntriesGate?.TrySetResult();
        await App.StopAsync();
        await App.DisposeAsync();
        Ca.Dispose();
        File.Delete(SocketPath);
    }

    private sealed class FixedAgentIdentity(AgentIdentityState? state) : IAgentIdentity
    {
        public AgentIdentityState? Current => state;
    }
}
