namespace Bridge.Agent.Workloads;

/// <summary>Settings of the <c>ecs</c> workload attestor (<c>BridgeAgent:WorkloadAttestors:Ecs</c>).</summary>
public sealed class EcsAttestorOptions
{
    /// <summary>The variable ECS sets in every container of a task to the container's metadata endpoint v4.</summary>
    public const string MetadataUriVariable = "ECS_CONTAINER_METADATA_URI_V4";

    /// <summary>Whether the attestor runs (default false: only for an agent running as a sidecar of an ECS task).</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The agent container's metadata endpoint v4; the task metadata is read from <c>&lt;MetadataUri&gt;/task</c>.
    /// Default: the value of <c>ECS_CONTAINER_METADATA_URI_V4</c>, which ECS sets.
    /// </summary>
    public Uri? MetadataUri { get; set; } = Uri.TryCreate(Environment.GetEnvironmentVariable(MetadataUriVariable), UriKind.Absolute, out var uri) ? uri : null;

    /// <summary>How long reading the task metadata may take before the caller is refused (default 5 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
