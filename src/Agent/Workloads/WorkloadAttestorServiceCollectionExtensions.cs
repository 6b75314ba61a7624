using Bridge.Agent.Hosting;
using Bridge.Agent.Workloads.Docker;
using Bridge.Agent.Workloads.Ecs;
using Bridge.Agent.Workloads.Unix;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Workloads;

/// <summary>Registers the workload attestors (section <c>BridgeAgent:WorkloadAttestors</c>).</summary>
public static class WorkloadAttestorServiceCollectionExtensions
{
    /// <summary>Adds every enabled <see cref="IWorkloadAttestor"/> and the <see cref="IWorkloadAttestation"/> that combines them.</summary>
    public static IServiceCollection AddWorkloadAttestors(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddAgentSettings<WorkloadAttestorOptions, WorkloadAttestorOptionsValidator>(o => o.Bind(configuration.GetSection(WorkloadAttestorOptions.SectionName), AgentSettingsRegistration.Strict));

        services.AddSingleton(new ProcFileSystem());
        services.AddSingleton(new UnixAccountNames());
        services.AddSingleton<ExecutableDigests>();
        services.AddSingleton<EcsTaskMetadataClient>();

        // Each attestor answers nothing while its Enabled setting is false, so the list is the same in every agent.
        services.AddSingleton<IWorkloadAttestor, UnixWorkloadAttestor>();
        services.AddSingleton<IWorkloadAttestor, DockerWorkloadAttestor>();
        services.AddSingleton<IWorkloadAttestor, EcsWorkloadAttestor>();
        services.AddSingleton<IWorkloadAttestation, WorkloadAttestation>();
        return services;
    }
}
