using Bridge.Abstractions.Attestation;

namespace Bridge.Authority.Registration;

/// <summary>
/// The workload selectors: what an agent's workload attestors (issue 12) find out about a process on their node and
/// present, and what entries under an agent or a node set list. Type <c>unix</c> (the calling process) and type
/// <c>docker</c> (its container). <see cref="WorkloadSelectorSyntax"/> holds the syntax of each value; the attestors
/// emit exactly these forms, so an entry and a workload compare ordinally, as every selector does. These types belong
/// to agents: an entry under an attestor or a node-set definition may not use them (it could never match).
/// </summary>
public static class WorkloadSelectors
{
    /// <summary>The selector type of facts about the calling process.</summary>
    public const string UnixType = "unix";

    /// <summary>The selector type of facts about the calling process's container.</summary>
    public const string DockerType = "docker";

    /// <summary><c>unix:uid:&lt;decimal&gt;</c>: the process's effective user id.</summary>
    public const string Uid = "uid:";

    /// <summary><c>unix:gid:&lt;decimal&gt;</c>: the process's effective group id.</summary>
    public const string Gid = "gid:";

    /// <summary><c>unix:user:&lt;name&gt;</c>: the name of the process's user on the node.</summary>
    public const string User = "user:";

    /// <summary><c>unix:group:&lt;name&gt;</c>: the name of the process's group on the node.</summary>
    public const string Group = "group:";

    /// <summary><c>unix:path:&lt;absolute path&gt;</c>: the process's executable.</summary>
    public const string Path = "path:";

    /// <summary><c>unix:sha256:&lt;64 lowercase hex&gt;</c>: the SHA-256 digest of the process's executable.</summary>
    public const string Sha256 = "sha256:";

    /// <summary><c>docker:label:&lt;key&gt;:&lt;value&gt;</c>: a label of the container.</summary>
    public const string Label = "label:";

    /// <summary><c>docker:image_id:sha256:&lt;64 lowercase hex&gt;</c>: the content ID of the container's image.</summary>
    public const string ImageId = "image_id:";

    /// <summary>The <c>unix</c> selectors.</summary>
    public static SelectorVocabulary Unix { get; } = new(UnixType, [Uid, Gid, User, Group, Path, Sha256]);

    /// <summary>The <c>docker</c> selectors.</summary>
    public static SelectorVocabulary Docker { get; } = new(DockerType, [Label, ImageId]);

    /// <summary>Every workload selector vocabulary.</summary>
    public static IReadOnlyList<SelectorVocabulary> Every { get; } = [Unix, Docker];

    /// <summary>True when <paramref name="type"/> is a workload selector type (<c>unix</c>, <c>docker</c>).</summary>
    public static bool IsWorkloadType(string? type) =>
        string.Equals(type, UnixType, StringComparison.Ordinal) || string.Equals(type, DockerType, StringComparison.Ordinal);
}
