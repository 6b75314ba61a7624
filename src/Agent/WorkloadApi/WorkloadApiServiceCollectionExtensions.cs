using Bridge.Agent.Hosting;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.WorkloadApi;

/// <summary>Registers the SPIFFE Workload API server on its Unix socket (section <c>BridgeAgent:WorkloadApi</c>).</summary>
public static class WorkloadApiServiceCollectionExtensions
{
    /// <summary>Adds gRPC, the Workload API service and the socket listener.</summary>
    public static IServiceCollection AddWorkloadApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddAgentSettings<WorkloadApiOptions, WorkloadApiOptionsValidator>(o => o.Bind(configuration.GetSection(WorkloadApiOptions.SectionName), AgentSettingsRegistration.Strict));

        // Detailed errors stay off: an exception's text never reaches a workload.
        services.AddGrpc(grpc => grpc.EnableDetailedErrors = false);
        services.AddOptions<GrpcServiceOptions>().Configure<IOptions<WorkloadApiOptions>>((grpc, options) =>
        {
            grpc.MaxReceiveMessageSize = options.Value.MaxMessageBytes;
            grpc.Interceptors.Add<SecurityHeaderInterceptor>();
        });

        services.AddSingleton(provider => new WorkloadSocketGuard(SocketPathOf(provider.GetRequiredService<IOptions<WorkloadApiOptions>>().Value)));
        services.AddHostedService<WorkloadSocketLifecycle>();

        // HTTP/2 only (gRPC without TLS needs prior knowledge) on the socket alone; the peer credentials are read once
        // per connection, before any request on it.
        services.AddOptions<KestrelServerOptions>().Configure<WorkloadSocketGuard>((kestrel, guard) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ListenUnixSocket(guard.SocketPath, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.Use(PeerCredentialsConnectionMiddleware.Create);
            });
        });
        return services;
    }

    /// <summary>Maps the <c>SpiffeWorkloadAPI</c> gRPC service.</summary>
    public static WebApplication MapWorkloadApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcService<WorkloadApiService>();
        return app;
    }

    private static string SocketPathOf(WorkloadApiOptions options) =>
        WorkloadSocketAddress.TryParse(options.SocketPath, out var path, out _)
            ? path
            : throw new InvalidOperationException("The Workload API options were not validated.");
}
