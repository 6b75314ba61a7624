using Bridge.Agent.Hosting;
using Bridge.Agent.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Cache;

/// <summary>Registers the identity cache and its sync/mint/renew loop (section <c>BridgeAgent:Cache</c>) and the health endpoint (<c>BridgeAgent:Health</c>).</summary>
public static class IdentityCacheServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IWorkloadIdentityCache"/> and the background service that keeps it current.</summary>
    public static IServiceCollection AddWorkloadIdentityCache(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddAgentSettings<IdentityCacheOptions, IdentityCacheOptionsValidator>(o => o.Bind(configuration.GetSection(IdentityCacheOptions.SectionName), AgentSettingsRegistration.Strict));
        services.AddAgentSettings<AgentHealthOptions, AgentHealthOptionsValidator>(o => o.Bind(configuration.GetSection(AgentHealthOptions.SectionName), AgentSettingsRegistration.Strict));

        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<IdentityCacheOptions>>().Value;
            return new JwtSvidCache(
                provider.GetRequiredService<IAgentServerClient>(),
                provider.GetRequiredService<TimeProvider>(),
                options.RenewAt,
                options.MaxCachedJwtSvids,
                provider.GetRequiredService<ILogger<JwtSvidCache>>());
        });
        services.AddSingleton<WorkloadIdentityCache>();
        services.AddSingleton<IWorkloadIdentityCache>(provider => provider.GetRequiredService<WorkloadIdentityCache>());
        services.AddSingleton<IdentitySynchronizer>();
        services.AddHostedService<IdentitySyncService>();
        services.AddSingleton<AgentHealth>();

        // The health port is the one TCP listener the agent has, on loopback only (the validator refuses anything else).
        // Read from the configuration, not IOptions: Kestrel's options are built before the settings are validated, and
        // a bad value must be reported with the others at start, not thrown from here.
        services.Configure<KestrelServerOptions>(kestrel =>
        {
            var listen = configuration.GetSection(AgentHealthOptions.SectionName)[nameof(AgentHealthOptions.Listen)] ?? new AgentHealthOptions().Listen;
            if (AgentHealthOptionsValidator.TryParseListen(listen, out var endpoint))
            {
                kestrel.Listen(endpoint, options => options.Protocols = HttpProtocols.Http1);
            }
        });
        return services;
    }

    /// <summary>Maps <c>GET /health</c>, answered only on the loopback health listener (never on the Workload API socket).</summary>
    public static WebApplication MapAgentHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        // Resolved per request, not here: mapping happens before the settings are validated at start.
        app.MapGet("/health", context => context.RequestServices.GetRequiredService<AgentHealth>().HandleAsync(context));
        return app;
    }
}
