using Bridge.Agent.Workloads;
using Bridge.Agent.Workloads.Docker;

namespace Bridge.Agent.Tests.Workloads;

/// <summary>The container id from /proc/&lt;pid&gt;/cgroup, on file contents as the kernel writes them on real hosts.</summary>
public sealed class CgroupContainerIdTests
{
    private const string Id = "3726184226f5d3147c25fdeab5b60097e378e8a720503a5e19ecfdf29f869860";
    private const string OtherId = "41e4ab61d2860b0e1467de0da0a9c6068012761febec402dc04a5a94f32ea867";

    public static TheoryData<string, string?> Files => new()
    {
        // Docker on cgroup v1 (cgroupfs driver): every controller line names the container.
        {
            $"12:pids:/docker/{Id}\n11:hugetlb:/docker/{Id}\n10:net_cls,net_prio:/docker/{Id}\n9:perf_event:/docker/{Id}\n" +
            $"8:blkio:/docker/{Id}\n7:memory:/docker/{Id}\n6:cpuset:/docker/{Id}\n5:devices:/docker/{Id}\n4:freezer:/docker/{Id}\n" +
            $"3:cpu,cpuacct:/docker/{Id}\n2:rdma:/\n1:name=systemd:/docker/{Id}\n0::/system.slice/containerd.service\n",
            Id
        },

        // Docker on cgroup v2 with the systemd driver (Debian 11+, Ubuntu 22.04+, Amazon Linux 2023), read from the host.
        { $"0::/system.slice/docker-{Id}.scope\n", Id },

        // cgroup v1 with the systemd driver (RHEL/CentOS 7).
        { $"4:devices:/system.slice/docker-{Id}.scope\n1:name=systemd:/system.slice/docker-{Id}.scope\n", Id },

        // Kubernetes with dockershim.
        { $"0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1b2c3d4e_5f6a_7b8c_9d0e_1f2a3b4c5d6e.slice/docker-{Id}.scope\n", Id },
        { $"11:memory:/kubepods/besteffort/pod1b2c3d4e-5f6a-7b8c-9d0e-1f2a3b4c5d6e/{Id}\n1:name=systemd:/kubepods/besteffort/pod1b2c3d4e-5f6a-7b8c-9d0e-1f2a3b4c5d6e/{Id}\n", null },

        // Docker Desktop / Docker in Docker: the same id twice on one line.
        { $"6:devices:/docker/{Id}/docker/{Id}/system.slice/containerd.service\n", Id },

        // ECS on EC2 with cgroup v1: the agent's /ecs/<task id>/<container id> parent, no "docker" word.
        { $"9:memory:/ecs/0123456789abcdef0123456789abcdef/{Id}\n", null },

        // containerd or CRI-O alone (EKS, Fargate): not Docker's.
        { $"0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1b2c.slice/cri-containerd-{Id}.scope\n", null },

        // Processes on the host.
        { "0::/user.slice/user-1000.slice/session-3.scope\n", null },
        { "0::/system.slice/docker.service\n", null },
        { "0::/\n", null },
        { string.Empty, null },

        // Near misses: 63 digits, a longer run, "dockerd" is not the word docker.
        { $"0::/system.slice/docker-{Id[..63]}.scope\n", null },
        { $"0::/system.slice/docker-{Id}0.scope\n", null },
        { $"0::/system.slice/dockerd-{Id}.scope\n", null },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Find_RealFiles_GivesTheContainerOrNone(string cgroupFile, string? expected) =>
        Assert.Equal(expected, CgroupContainerId.Find(cgroupFile));

    [Fact]
    public void Find_UppercaseHex_GivesTheLowercaseId() =>
        Assert.Equal(Id, CgroupContainerId.Find($"0::/docker/{Id.ToUpperInvariant()}\n"));

    [Fact]
    public void Find_TwoDifferentContainers_Refuses()
    {
        var error = Assert.Throws<WorkloadAttestationException>(() => CgroupContainerId.Find($"10:devices:/docker/{Id}\n4:devices:/system.slice/docker-{OtherId}.scope\n"));

        Assert.Contains("more than one Docker container", error.Message, StringComparison.Ordinal);
    }
}
