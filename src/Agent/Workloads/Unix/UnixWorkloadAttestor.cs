using System.Globalization;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Workloads.Unix;

/// <summary>
/// The <c>unix</c> attestor: the caller's user and group as the kernel gave them at connect (<c>SO_PEERCRED</c>), their
/// names on the node, its supplementary groups, and its executable's path and SHA-256 from <c>/proc/&lt;pid&gt;</c>.
/// The selector names are SPIRE's (<c>unix:uid:</c>, <c>unix:supplementary_gid:</c>, …).
/// </summary>
internal sealed class UnixWorkloadAttestor : IWorkloadAttestor
{
    private const string DeletedSuffix = " (deleted)";

    private readonly ProcFileSystem _proc;
    private readonly UnixAccountNames _accounts;
    private readonly ExecutableDigests _digests;
    private readonly IOptions<WorkloadAttestorOptions> _options;
    private readonly ILogger _logger;

    public UnixWorkloadAttestor(ProcFileSystem proc, UnixAccountNames accounts, ExecutableDigests digests, IOptions<WorkloadAttestorOptions> options, ILogger<UnixWorkloadAttestor> logger)
    {
        _proc = proc;
        _accounts = accounts;
        _digests = digests;
        _options = options;
        _logger = logger;
    }

    public string Name => "unix";

    public ValueTask<IReadOnlyList<string>> AttestAsync(PeerCredentials caller, CancellationToken cancellationToken)
    {
        var options = _options.Value.Unix;
        if (!options.Enabled)
        {
            return ValueTask.FromResult<IReadOnlyList<string>>([]);
        }

        // uid and gid are the kernel's answer at connect; /proc only adds what SO_PEERCRED does not carry.
        var selectors = new List<string> { Selector("uid", caller.UserId), Selector("gid", caller.GroupId) };
        AddName(selectors, "user", _accounts.UserName(caller.UserId));
        AddName(selectors, "group", _accounts.GroupName(caller.GroupId));
        foreach (var groupId in _proc.ReadStatus(caller.ProcessId).SupplementaryGroupIds)
        {
            selectors.Add(Selector("supplementary_gid", groupId));
            AddName(selectors, "supplementary_group", _accounts.GroupName(groupId));
        }

        AddExecutable(selectors, caller.ProcessId, options, cancellationToken);
        return ValueTask.FromResult<IReadOnlyList<string>>(selectors);
    }

    private static string Selector(string key, uint id) => $"unix:{key}:{id.ToString(CultureInfo.InvariantCulture)}";

    private static void AddName(List<string> selectors, string key, string? name)
    {
        if (name is not null)
        {
            selectors.Add($"unix:{key}:{name}");
        }
    }

    private void AddExecutable(List<string> selectors, int processId, UnixAttestorOptions options, CancellationToken cancellationToken)
    {
        var link = _proc.ReadExecutableLink(processId);
        using var executable = _proc.OpenExecutable(processId);
        var digest = options.HashExecutable ? _digests.Get(executable, options.HashMaxBytes, cancellationToken) : null;
        if (IsRunningFile(link, executable, digest))
        {
            selectors.Add($"unix:path:{link}");
        }
        else
        {
            WorkloadAttestorLog.ExecutableNotAtPath(_logger, processId, link);
        }

        if (digest is { Sha256: { } sha256 })
        {
            selectors.Add($"unix:sha256:{sha256}");
        }
        else if (digest is { Fresh: true })
        {
            WorkloadAttestorLog.ExecutableTooLargeToHash(_logger, link, processId, digest.Size, options.HashMaxBytes);
        }
    }

    // The kernel appends " (deleted)" to the link of an executable that was deleted or replaced by a rename; the path
    // then names another file or none, and the selector would describe code the process does not run. A file whose
    // name really ends in " (deleted)" is told apart by comparing device and inode with the running one.
    private static bool IsRunningFile(string link, Microsoft.Win32.SafeHandles.SafeFileHandle executable, ExecutableDigest? digest)
    {
        if (!link.StartsWith('/'))
        {
            return false;
        }

        if (!link.EndsWith(DeletedSuffix, StringComparison.Ordinal))
        {
            return true;
        }

        try
        {
            var running = digest?.Identity ?? Statx.Of(executable);
            return Statx.OfPath(link) is { } atPath && atPath.DeviceMajor == running.DeviceMajor && atPath.DeviceMinor == running.DeviceMinor && atPath.Inode == running.Inode;
        }
        catch (Exception exception) when (exception is EntryPointNotFoundException or DllNotFoundException or IOException)
        {
            return false;
        }
    }
}
