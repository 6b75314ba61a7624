using System.Net.Sockets;
using Bridge.Agent.Cache;
using Bridge.Agent.WorkloadApi;
using Bridge.Agent.Workloads;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.Agent.Tests.WorkloadApi;

/// <summary>
/// The Workload API server as the agent runs it (AddWorkloadApi/MapWorkloadApi on a real Unix socket in a fresh
/// directory) with the attestation and the cache replaced by fakes; clients are real gRPC clients over the socket.
/// </summary>
internal sealed class WorkloadApiHost : IAsyncDisposable
{
    private readonly List<GrpcChannel> _channels = [];

    private WorkloadApiHost(WebApplication app, string directory, string socketPath, TestTrustDomain trustDomain, FakeIdentityCache cache, FakeWorkloadAttestation attestation)
    {
        App = app;
        Directory = directory;
        SocketPath = socketPath;
        TrustDomain = trustDomain;
        Cache = cache;
        Attestation = attestation;
    }

    public WebApplication App { get; }

    public string Directory { get; }

    public string SocketPath { get; }

    public TestTrustDomain TrustDomain { get; }

    public FakeIdentityCache Cache { get; }

    public FakeWorkloadAttestation Attestation { get; }

    public static async Task<WorkloadApiHost> StartAsync(Dictionary<string, string?>? settings = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("bridge-wlapi-").FullName;
        var socketPath = Path.Combine(directory, "agent.sock");
        var trustDomain = new TestTrustDomain();
        var cache = new FakeIdentityCache(trustDomain);
        var attestation = new FakeWorkloadAttestation();
        var app = Build(socketPath, cache, attestation, settings);
        await app.StartAsync();
        return new WorkloadApiHost(app, directory, socketPath, trustDomain, cache, attestation);
    }

    /// <summary>The application alone (not started), for the socket tests.</summary>
    public static WebApplication Build(string socketPath, IWorkloadIdentityCache cache, IWorkloadAttestation attestation, Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings ?? [])
        {
            [$"{WorkloadApiOptions.SectionName}:SocketPath"] = $"unix://{socketPath}",
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(cache);
        builder.Services.AddSingleton(attestation);
        builder.Services.AddWorkloadApi(builder.Configuration);
        var app = builder.Build();
        app.MapWorkloadApi();
        return app;
    }

    /// <summary>A client over the socket; <paramref name="header"/> is the workload.spiffe.io value sent (null: none).</summary>
    public SpiffeWorkloadAPI.SpiffeWorkloadAPIClient Client(string? header = "true")
    {
        var channel = CreateChannel(SocketPath, header);
        _channels.Add(channel);
        return new SpiffeWorkloadAPI.SpiffeWorkloadAPIClient(channel);
    }

    public static GrpcChannel CreateChannel(string socketPath, string? header = "true")
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var options = new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true };
        if (header is not null)
        {
            options.Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, CallCredentials.FromInterceptor((_, metadata) =>
            {
                metadata.Add("workload.spiffe.io", header);
                return Task.CompletedTask;
            }));
            options.UnsafeUseInsecureChannelCallCredentials = true;
        }

        return GrpcChannel.ForAddress("http://localhost", options);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        await App.StopAsync();
        await App.DisposeAsync();
        TrustDomain.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
