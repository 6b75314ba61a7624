using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.Client.Tests.TestSupport.WorkloadApi;

/// <summary>
/// A fake SPIFFE Workload API agent: Kestrel speaking HTTP/2 on a real Unix domain socket, serving the
/// specification's service from a <see cref="FakeWorkloadApi"/> that survives restarts.
/// </summary>
public sealed class FakeWorkloadApiServer : IAsyncDisposable
{
    private WebApplication? _app;

    private FakeWorkloadApiServer(string socketPath)
    {
        SocketPath = socketPath;
    }

    public FakeWorkloadApi Fake { get; } = new();

    public string SocketPath { get; }

    public string Address => "unix://" + SocketPath;

    public static async Task<FakeWorkloadApiServer> StartAsync()
    {
        var server = new FakeWorkloadApiServer(Path.Combine(Path.GetTempPath(), "bridge-wl-" + Guid.NewGuid().ToString("N")[..12] + ".sock"));
        await server.RestartAsync();
        return server;
    }

    /// <summary>Stops the server if running (open streams break) and starts it again on the same socket.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        File.Delete(SocketPath);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.ListenUnixSocket(SocketPath, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(Fake);
        var app = builder.Build();
        app.MapGrpcService<FakeWorkloadApiService>();
        await app.StartAsync();
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            // An already-cancelled token aborts open streams at once, as an agent that crashes or restarts would.
            await app.StopAsync(new CancellationToken(canceled: true));
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        File.Delete(SocketPath);
    }
}
