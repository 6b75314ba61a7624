using System.Text.Json.Serialization;

namespace Bridge.Agent.Workloads.Ecs;

/// <summary>Source-generated JSON for the part of the ECS task metadata v4 <c>/task</c> response the attestor reads.</summary>
[JsonSerializable(typeof(EcsTaskWire))]
internal sealed partial class EcsJsonContext : JsonSerializerContext;

/// <summary>The task: <c>Cluster</c> is an ARN on Fargate and may be a short name on EC2.</summary>
internal sealed record EcsTaskWire(
    string? Cluster,
    [property: JsonPropertyName("TaskARN")] string? TaskArn,
    string? Family,
    string? Revision,
    IReadOnlyList<EcsContainerWire>? Containers);

/// <summary>One container of the task: <c>DockerId</c> is the runtime's container id (64 hex on EC2, <c>&lt;task id&gt;-&lt;n&gt;</c> on Fargate).</summary>
internal sealed record EcsContainerWire(string? DockerId, string? Name);
