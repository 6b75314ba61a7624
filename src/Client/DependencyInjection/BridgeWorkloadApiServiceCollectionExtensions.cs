using Bridge.Client.WorkloadApi;
using Bridge.Spiffe.Bundle.Jwt;
using Bridge.Spiffe.Svid.Jwt;
using Bridge.Spiffe.Svid.X509;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Client.DependencyInjection;

/// <summary>Registers the SPIFFE Workload API sources.</summary>
public static class BridgeWorkloadApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers validated <see cref="WorkloadApiOptions"/> (checked at start; the address comes from
    /// <c>SPIFFE_ENDPOINT_SOCKET</c> unless set), one <see cref="WorkloadApiClient"/>, and singletons
    /// <see cref="WorkloadApiX509Source"/>, <see cref="WorkloadApiJwtSource"/> and <see cref="WorkloadApiJwtBundleSource"/>,
    /// also as <see cref="IX509SvidSource"/>, <see cref="IJwtSvidSource"/> and <see cref="IJwtBundleSource"/> unless
    /// those are already registered (call this before <c>AddBridgeClient</c> when both are used and the agent should win).
    /// The streams open when a source is first resolved.
    /// </summary>
    public static IServiceCollection AddBridgeWorkloadApi(this IServiceCollection services, Action<WorkloadApiOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<WorkloadApiOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorkloadApiOptions>, WorkloadApiOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new WorkloadApiClient(sp.GetRequiredService<IOptions<WorkloadApiOptions>>().Value));
        services.TryAddSingleton(sp => new WorkloadApiX509Source(
            sp.GetRequiredService<WorkloadApiClient>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<WorkloadApiX509Source>>()));
        services.TryAddSingleton(sp => new WorkloadApiJwtSource(sp.GetRequiredService<WorkloadApiClient>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new WorkloadApiJwtBundleSource(
            sp.GetRequiredService<WorkloadApiClient>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<WorkloadApiJwtBundleSource>>()));
        services.TryAddSingleton<IX509SvidSource>(sp => sp.GetRequiredService<WorkloadApiX509Source>());
        services.TryAddSingleton<IJwtSvidSource>(sp => sp.GetRequiredService<WorkloadApiJwtSource>());
        services.TryAddSingleton<IJwtBundleSource>(sp => sp.GetRequiredService<WorkloadApiJwtBundleSource>());
        return services;
    }
}
