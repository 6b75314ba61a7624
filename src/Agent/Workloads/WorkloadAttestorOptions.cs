namespace Bridge.Agent.Workloads;

/// <summary>
/// Settings of the workload attestors (section <c>BridgeAgent:WorkloadAttestors</c>): which kinds of evidence the agent
/// gathers about a Workload API caller. <c>unix</c> is on by default; <c>docker</c> and <c>ecs</c> only where they apply
/// (docs/agent/workload-attestors.md).
/// </summary>
public sealed class WorkloadAttestorOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BridgeAgent:WorkloadAttestors";

    /// <summary>The <c>unix</c> attestor: the caller's process.</summary>
    public UnixAttestorOptions Unix { get; set; } = new();

    /// <summary>The <c>docker</c> attestor: the caller's container, from the Docker Engine API.</summary>
    public DockerAttestorOptions Docker { get; set; } = new();

    /// <summary>The <c>ecs</c> attestor: the ECS task the agent runs in, from the task metadata endpoint v4.</summary>
    public EcsAttestorOptions Ecs { get; set; } = new();
}
