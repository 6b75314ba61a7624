using Microsoft.Extensions.Options;

namespace Bridge.Agent.Workloads.Ecs;

/// <summary>
/// The <c>ecs</c> attestor, for an agent running as a sidecar of an ECS task: the task it runs in (cluster, task
/// definition, task ARN) and the calling container's name. A caller gets them only when its cgroups place it in one of
/// the task's containers: an agent whose socket reaches other tasks (a daemon task sharing a host volume) must not hand
/// its own task's identity to them.
/// </summary>
internal sealed class EcsWorkloadAttestor : IWorkloadAttestor
{
    private static readonly string[] RuntimePrefixes = ["docker-", "cri-containerd-", "containerd-"];

    private readonly ProcFileSystem _proc;
    private readonly EcsTaskMetadataClient _metadata;
    private readonly IOptions<WorkloadAttestorOptions> _options;
    private readonly ILogger _logger;

    public EcsWorkloadAttestor(ProcFileSystem proc, EcsTaskMetadataClient metadata, IOptions<WorkloadAttestorOptions> options, ILogger<EcsWorkloadAttestor> logger)
    {
        _proc = proc;
        _metadata = metadata;
        _options = options;
        _logger = logger;
    }

    public string Name => "ecs";

    public async ValueTask<IReadOnlyList<string>> AttestAsync(PeerCredentials caller, CancellationToken cancellationToken)
    {
        if (!_options.Value.Ecs.Enabled)
        {
            return [];
        }

        var cgroups = _proc.Read(caller.ProcessId, "cgroup");
        var task = await _metadata.GetTaskAsync(cancellationToken).ConfigureAwait(false);
        if (FindContainer(cgroups, task) is not { } containerName)
        {
            WorkloadAttestorLog.EcsCallerOutsideTask(_logger, caller.ProcessId, task.TaskArn);
            return [];
        }

        return
        [
            $"ecs:cluster:{task.ClusterArn}",
            $"ecs:task_arn:{task.TaskArn}",
            $"ecs:task_family:{task.Family}",
            $"ecs:task_definition:{task.Family}:{task.Revision}",
            $"ecs:container_name:{containerName}",
        ];
    }

    /// <summary>
    /// The name of the task's container whose runtime id is a whole segment of one of the caller's cgroup paths
    /// (<c>/ecs/&lt;task&gt;/&lt;id&gt;</c>, <c>/docker-&lt;id&gt;.scope</c>), or null.
    /// </summary>
    internal static string? FindContainer(string cgroupFile, EcsTask task)
    {
        foreach (var line in cgroupFile.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var second = line.IndexOf(':', line.IndexOf(':', StringComparison.Ordinal) + 1);
            if (second < 0)
            {
                continue;
            }

            foreach (var segment in line[(second + 1)..].Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                if (task.ContainerNames.TryGetValue(RuntimeId(segment), out var name))
                {
                    return name;
                }
            }
        }

        return null;
    }

    private static string RuntimeId(string segment)
    {
        var id = segment.EndsWith(".scope", StringComparison.Ordinal) ? segment[..^".scope".Length] : segment;
        foreach (var prefix in RuntimePrefixes)
        {
            if (id.StartsWith(prefix, StringComparison.Ordinal))
            {
                return id[prefix.Length..];
            }
        }

        return id;
    }
}
