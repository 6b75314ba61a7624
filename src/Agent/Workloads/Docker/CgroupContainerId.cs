using System.Text.RegularExpressions;

namespace Bridge.Agent.Workloads.Docker;

/// <summary>
/// Finds the Docker container of a process in its <c>/proc/&lt;pid&gt;/cgroup</c>, with SPIRE's default rule: a path
/// in which the whole word <c>docker</c> is followed by a 64-hexadecimal-digit container id. That covers cgroup v1
/// (<c>4:devices:/docker/&lt;id&gt;</c>), cgroup v2 with the systemd driver
/// (<c>0::/system.slice/docker-&lt;id&gt;.scope</c>), Kubernetes with dockershim
/// (<c>/kubepods/…/docker-&lt;id&gt;.scope</c>) and Docker in Docker. Containers run by containerd or CRI-O alone
/// (<c>cri-containerd-&lt;id&gt;</c>) are not Docker's and give no id.
/// </summary>
internal static partial class CgroupContainerId
{
    /// <summary>
    /// The container id (lowercase), or null when the process is in no Docker container.
    /// </summary>
    /// <exception cref="WorkloadAttestationException">The lines name more than one container: the agent cannot tell which.</exception>
    public static string? Find(string cgroupFile)
    {
        ArgumentNullException.ThrowIfNull(cgroupFile);
        string? found = null;
        foreach (var line in cgroupFile.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // hierarchy-ID:controller-list:cgroup-path; the path may itself hold ':'.
            var second = line.IndexOf(':', line.IndexOf(':', StringComparison.Ordinal) + 1);
            if (second < 0)
            {
                continue;
            }

            var match = DockerPath().Match(line, second + 1);
            if (!match.Success)
            {
                continue;
            }

            var id = match.Groups["id"].Value.ToLowerInvariant();
            if (found is not null && found != id)
            {
                throw new WorkloadAttestationException("the caller's cgroups name more than one Docker container.");
            }

            found = id;
        }

        return found;
    }

    [GeneratedRegex(@"\bdocker\b.+\b(?<id>[0-9a-fA-F]{64})\b", RegexOptions.CultureInvariant)]
    private static partial Regex DockerPath();
}
