extern alias agent;

using agent::Bridge.Agent.Cache;
using agent::Bridge.Agent.Hosting;
using agent::Bridge.Agent.Interop;
using agent::Bridge.Agent.Server;
using agent::Bridge.Agent.WorkloadApi;
using agent::Bridge.Agent.Workloads;
using Bridge.Testing.Agents;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bridge.Benchmarks.AgentLoad;

/// <summary>
/// The agent's Workload API as the agent serves it, in process: <c>AddWorkloadApi</c>/<c>MapWorkloadApi</c> on a Unix
/// socket in a fresh directory, the real workload attestation (<c>SO_PEERCRED</c>, the <c>unix</c> attestor reading
/// <c>/proc</c>, the PID-reuse guard) and the real identity cache, filled by its own synchronizer from an in-memory agent
/// API (<see cref="InMemoryAgentServer"/>) with one entry for this process's user: every caller in this process gets its
/// X.509-SVID from the cache. Only the exchange and node attestation are left out.
/// </summary>
internal sealed class InProcessWorkloadApi : IAsyncDisposable
{
    public const string TrustDomainName = "example.org";

    private readonly WebApplication _app;
    private readonly TestSpiffeCa _ca;
    private readonly string _directory;
    private int _renewals;

    private InProcessWorkloadApi(WebApplication app, TestSpiffeCa ca, string directory, InMemoryAgentServer server, IdentitySynchronizer synchronizer)
    {
        _app = app;
        _ca = ca;
        _directory = directory;
        Server = server;
        Synchronizer = synchronizer;
        SocketPath = Path.Combine(directory, "agent.sock");
    }

    public string SocketPath { get; }

    /// <summary>The server's services (the workload attestation, for a benchmark of it alone).</summary>
    public IServiceProvider Services => _app.Services;

    public InMemoryAgentServer Server { get; }

    public IdentitySynchronizer Synchronizer { get; }

    /// <summary>The caller's entry: this process's effective user (<c>unix:uid:N</c>), as the unix attestor reports it.</summary>
    public static AuthorizedEntry EntryForThisUser(string dnsName) =>
        new("bench-entry", $"spiffe://{TrustDomainName}/bench/workload", $"spiffe://{TrustDomainName}/bridge/agent/bench",
            [$"unix:uid:{Libc.GetEffectiveUserId()}"], null, null, ["ledger"], [dnsName], null, null);

    /// <summary>Starts the server and fills the cache with the caller's X.509-SVID (one sync, one mint).</summary>
    public static async Task<InProcessWorkloadApi> StartAsync()
    {
        var time = TimeProvider.System;
        var directory = Directory.CreateTempSubdirectory("bridge-bench-wlapi-").FullName;
        var ca = new TestSpiffeCa(TrustDomainName, time.GetUtcNow());
        var server = new InMemoryAgentServer(ca, time) { Entries = [EntryForThisUser("v0.bench.internal")] };
        var cache = new WorkloadIdentityCache(new JwtSvidCache(server, time, 0.5, 10_000, NullLogger<JwtSvidCache>.Instance));
        var synchronizer = new IdentitySynchronizer(server, cache, time, Options.Create(new IdentityCacheOptions()),
            Options.Create(new AgentOptions { TrustDomain = TrustDomainName }), NullLogger<IdentitySynchronizer>.Instance);
        await synchronizer.SyncOnceAsync(CancellationToken.None);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{WorkloadApiOptions.SectionName}:SocketPath"] = "unix://" + Path.Combine(directory, "agent.sock"),
        });
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton<IWorkloadIdentityCache>(cache);
        builder.Services.AddWorkloadAttestors(builder.Configuration);
        builder.Services.AddWorkloadApi(builder.Configuration);
        var app = builder.Build();
        app.MapWorkloadApi();
        await app.StartAsync();
        return new InProcessWorkloadApi(app, ca, directory, server, synchronizer);
    }

    /// <summary>
    /// What a renewal does to the streams: the caller's entry changes, so the next sync mints a new X.509-SVID and
    /// publishes a snapshot that every open FetchX509SVID stream must receive.
    /// </summary>
    public async Task RenewAsync()
    {
        Server.Entries = [EntryForThisUser($"v{++_renewals}.bench.internal")];
        await Synchronizer.SyncOnceAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _ca.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
