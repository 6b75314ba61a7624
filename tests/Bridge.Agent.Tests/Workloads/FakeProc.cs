using System.Globalization;

namespace Bridge.Agent.Tests.Workloads;

/// <summary>
/// A proc tree in a temporary directory, for what a real process on this machine cannot show (supplementary groups of
/// any kind, a Docker or ECS cgroup, a start time that changes): <c>&lt;pid&gt;/stat</c>, <c>status</c>,
/// <c>cgroup</c>, and <c>exe</c> as a link to a real file.
/// </summary>
internal sealed class FakeProc : IDisposable
{
    public const string HostCgroup = "0::/user.slice/user-0.slice/session-1.scope\n";

    public FakeProc()
    {
        Root = Directory.CreateTempSubdirectory("bridge-proc-").FullName;
        Proc = new Bridge.Agent.Workloads.ProcFileSystem(Root);
    }

    public string Root { get; }

    public Bridge.Agent.Workloads.ProcFileSystem Proc { get; }

    /// <summary>Adds process <paramref name="processId"/> running <paramref name="executable"/>.</summary>
    public void AddProcess(int processId, uint userId = 0, uint groupId = 0, string groups = "", string cgroup = HostCgroup, string executable = "/usr/bin/sleep", ulong startTime = 4242)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Root, processId.ToString(CultureInfo.InvariantCulture))).FullName;
        SetStartTime(processId, startTime);
        File.WriteAllText(Path.Combine(directory, "status"), $"Name:\tsleep\nUmask:\t0022\nState:\tS (sleeping)\nUid:\t{userId}\t{userId}\t{userId}\t{userId}\nGid:\t{groupId}\t{groupId}\t{groupId}\t{groupId}\nFDSize:\t64\nGroups:\t{groups}\nVmPeak:\t    8192 kB\n");
        File.WriteAllText(Path.Combine(directory, "cgroup"), cgroup);
        File.CreateSymbolicLink(Path.Combine(directory, "exe"), executable);
    }

    /// <summary>Rewrites the start time, as a reused PID would show.</summary>
    public void SetStartTime(int processId, ulong startTime) =>
        File.WriteAllText(
            Path.Combine(Root, processId.ToString(CultureInfo.InvariantCulture), "stat"),
            $"{processId} (sleep) S 1 {processId} {processId} 0 -1 4194304 90 0 0 0 0 0 0 0 20 0 1 0 {startTime} 8192000 256 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n");

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
