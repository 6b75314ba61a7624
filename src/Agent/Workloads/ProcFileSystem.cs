using System.Globalization;

namespace Bridge.Agent.Workloads;

/// <summary>
/// Reads what the kernel says about a process under <c>/proc/&lt;pid&gt;</c>. Every read that finds the process gone
/// throws <see cref="WorkloadAttestationException"/>: a caller that exited cannot be attested.
/// </summary>
internal sealed class ProcFileSystem
{
    /// <summary>Creates a reader of <paramref name="root"/> (<c>/proc</c> on a host; another mount of the host's proc elsewhere).</summary>
    public ProcFileSystem(string root = "/proc")
    {
        Root = root;
    }

    /// <summary>The proc mount.</summary>
    public string Root { get; }

    /// <summary>The path of <paramref name="name"/> under the process's directory.</summary>
    public string PathOf(int processId, string name) =>
        Path.Combine(Root, processId.ToString(CultureInfo.InvariantCulture), name);

    /// <summary>
    /// The process's start time (field 22 of <c>/proc/&lt;pid&gt;/stat</c>, clock ticks since boot): with the PID it
    /// names one process for the life of the system, as a reused PID starts later.
    /// </summary>
    public ulong ReadStartTime(int processId) =>
        ProcStat.ParseStartTime(Read(processId, "stat"))
        ?? throw new WorkloadAttestationException($"/proc/{processId}/stat has no start time the agent can read.");

    /// <summary>
    /// Now, in the clock of <see cref="ReadStartTime"/> (clock ticks since boot, from <c>/proc/uptime</c>, USER_HZ = 100
    /// as on every Linux ABI), or null when it cannot be read.
    /// </summary>
    public ulong? ReadUptimeTicks()
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(Root, "uptime"));
            var seconds = text.AsSpan(0, Math.Max(0, text.IndexOf(' ', StringComparison.Ordinal)));
            return decimal.TryParse(seconds, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value >= 0
                ? (ulong)(value * 100)
                : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The parsed <c>/proc/&lt;pid&gt;/status</c>.</summary>
    public ProcStatus ReadStatus(int processId) =>
        ProcStatus.Parse(Read(processId, "status"))
        ?? throw new WorkloadAttestationException($"/proc/{processId}/status has no Uid, Gid or Groups line the agent can read.");

    /// <summary>The text of <c>/proc/&lt;pid&gt;/&lt;name&gt;</c>.</summary>
    public string Read(int processId, string name)
    {
        try
        {
            return File.ReadAllText(PathOf(processId, name));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw Gone(processId, name, exception);
        }
    }

    /// <summary>What <c>/proc/&lt;pid&gt;/exe</c> points to, as the kernel writes it (with " (deleted)" when the file is gone).</summary>
    public string ReadExecutableLink(int processId)
    {
        try
        {
            return new FileInfo(PathOf(processId, "exe")).LinkTarget
                ?? throw new WorkloadAttestationException($"/proc/{processId}/exe is not a link.");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw Gone(processId, "exe", exception);
        }
    }

    /// <summary>The running executable itself, opened through <c>/proc/&lt;pid&gt;/exe</c> (the file the process runs even if it was replaced on disk).</summary>
    public Microsoft.Win32.SafeHandles.SafeFileHandle OpenExecutable(int processId)
    {
        try
        {
            return File.OpenHandle(PathOf(processId, "exe"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw Gone(processId, "exe", exception);
        }
    }

    private static WorkloadAttestationException Gone(int processId, string name, Exception cause) => cause switch
    {
        FileNotFoundException or DirectoryNotFoundException => new($"pid {processId} has exited (no /proc/{processId}/{name}).", cause),
        UnauthorizedAccessException => new($"the agent may not read /proc/{processId}/{name} (it must run as root or with CAP_SYS_PTRACE to attest other users' processes).", cause),
        _ => new($"reading /proc/{processId}/{name} failed: {cause.Message}", cause),
    };
}
