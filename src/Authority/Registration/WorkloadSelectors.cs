using Bridge.Abstractions.Attestation;

namespace Bridge.Authority.Registration;

/// <summary>
/// The workload selectors: what an agent's workload attestors (issue 12) find out about a process on their node and
/// present, and what entries under an agent or a node set list. Type <c>unix</c> (the calling process), type
/// <c>docker</c> (its container) and type <c>ecs</c> (the ECS task of an agent running as a task's sidecar). <see cref="WorkloadSelectorSyntax"/> holds the syntax of each value; the attestors
/// emit exactly these forms, so an entry and a workload compare ordinally, as every selector does. These types belong
/// to agents: an entry under an attestor or a node-set definition may not use them (it could never match).
/// </summary>
public static class WorkloadSelectors
{
    /// <summary>The selector type of facts about the calling process.</summary>
    public const string UnixType = "unix";

    /// <summary>The selector type of facts about the calling process's container.</summary>
    public const string DockerType = "docker";

    /// <summary>The selector type of facts about the ECS task the agent and its caller run in.</summary>
    public const string EcsType = "ecs";

    /// <summary><c>unix:uid:&lt;decimal&gt;</c>: the process's effective user id.</summary>
    public const string Uid = "uid:";

    /// <summary><c>unix:gid:&lt;decimal&gt;</c>: the process's effective group id.</summary>
    public const string Gid = "gid:";

    /// <summary><c>unix:user:&lt;name&gt;</c>: the name of the process's user on the node.</summary>
    public const string User = "user:";

    /// <summary><c>unix:group:&lt;name&gt;</c>: the name of the process's group on the node.</summary>
    public const string Group = "group:";

    /// <summary><c>unix:supplementary_gid:&lt;decimal&gt;</c>: one of the process's supplementary group ids (SPIRE's name).</summary>
    public const string SupplementaryGid = "supplementary_gid:";

    /// <summary><c>unix:supplementary_group:&lt;name&gt;</c>: the name of one of the process's supplementary groups.</summary>
    public const string SupplementaryGroup = "supplementary_group:";

    /// <summary><c>unix:path:&lt;absolute path&gt;</c>: the process's executable.</summary>
    public const string Path = "path:";

    /// <summary><c>unix:sha256:&lt;64 lowercase hex&gt;</c>: the SHA-256 digest of the process's executable.</summary>
    public const string Sha256 = "sha256:";

    /// <summary><c>docker:label:&lt;key&gt;:&lt;value&gt;</c>: a label of the container.</summary>
    public const string Label = "label:";

    /// <summary><c>docker:image_id:sha256:&lt;64 lowercase hex&gt;</c>: the content ID of the container's image.</summary>
    public const string ImageId = "image_id:";

    /// <summary><c>ecs:cluster:&lt;cluster ARN&gt;</c>: the task's cluster, always as its ARN.</summary>
    public const string Cluster = "cluster:";

    /// <summary><c>ecs:task_arn:&lt;task ARN&gt;</c>: the task itself (one run of it).</summary>
    public const string TaskArn = "task_arn:";

    /// <summary><c>ecs:task_family:&lt;family&gt;</c>: the task definition family, any revision.</summary>
    public const string TaskFamily = "task_family:";

    /// <summary><c>ecs:task_definition:&lt;family&gt;:&lt;revision&gt;</c>: one revision of the task definition.</summary>
    public const string TaskDefinition = "task_definition:";

    /// <summary><c>ecs:container_name:&lt;name&gt;</c>: the calling container's name in the task definition.</summary>
    public const string ContainerName = "container_name:";

    /// <summary>The <c>unix</c> selectors.</summary>
    public static SelectorVocabulary Unix { get; } = new(UnixType, [Uid, Gid, User, Group, SupplementaryGid, SupplementaryGroup, Path, Sha256]);

    /// <summary>The <c>docker</c> selectors.</summary>
    public static SelectorVocabulary Docker { get; } = new(DockerType, [Label, ImageId]);

    /// <summary>The <c>ecs</c> selectors.</summary>
    public static SelectorVocabulary Ecs { get; } = new(EcsType, [Cluster, TaskArn, TaskFamily, TaskDefinition, ContainerName]);

    /// <summary>Every workload selector vocabulary.</summary>
    public static IReadOnlyList<SelectorVocabulary> Every { get; } = [Unix, Docker, Ecs];

    /// <summary>True when <paramref name="type"/> is a workload selector type (<c>unix</c>, <c>docker</c>, <c>ecs</c>).</summary>
    public static bool IsWorkloadType(string? type) =>
        string.Equals(type, UnixType, StringComparison.Ordinal)
        || string.Equals(type, DockerType, StringComparison.Ordinal)
        || string.Equals(type, EcsType, StringComparison.Ordinal);
}
