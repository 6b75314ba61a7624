using System.Net.Sockets;
using Bridge.Agent.Interop;

namespace Bridge.Agent.WorkloadApi;

/// <summary>
/// Makes the socket path safe to bind and leaves nothing behind. Before binding: the parent directory is created
/// (0755) when missing and must be owned by root or the agent with no group/other write unless sticky (or anyone could
/// replace the socket with their own and impersonate the agent); a stale socket is removed, a live one or anything
/// that is not a socket (file, directory, symbolic link) is refused. After binding the socket is made 0777 as SPIRE
/// does: every local process may connect, because who a caller is comes from attestation, never from file permissions.
/// </summary>
internal sealed class WorkloadSocketGuard(string socketPath)
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode SocketMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>The socket's file system path.</summary>
    public string SocketPath { get; } = socketPath;

    /// <summary>Checks the parent directory and clears a stale socket. Call before the listener binds.</summary>
    /// <returns>True when a stale socket was removed.</returns>
    /// <exception cref="InvalidOperationException">The path is unsafe or taken; the message says why and what to do.</exception>
    public bool PrepareForBind()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw NotLinux();
        }

        var parent = Path.GetDirectoryName(SocketPath)!;
        if (UnixFileStatus.Get(parent) is null)
        {
            Directory.CreateDirectory(parent, DirectoryMode);
        }

        // The directory the socket really lives in (/var/run is usually a link to /run).
        var realParent = Directory.ResolveLinkTarget(parent, returnFinalTarget: true)?.FullName ?? parent;
        var directory = UnixFileStatus.Get(realParent) ?? throw Refuse($"its directory {parent} disappeared while being checked");
        if (directory.Kind != UnixFileKind.Directory)
        {
            throw Refuse($"{parent} is not a directory");
        }

        var agentUid = Libc.GetEffectiveUserId();
        if (directory.OwnerId != 0 && directory.OwnerId != agentUid)
        {
            throw Refuse($"its directory {parent} is owned by uid {directory.OwnerId}, neither root nor the agent (uid {agentUid}), who could replace the socket");
        }

        if ((directory.Mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0 && (directory.Mode & UnixFileMode.StickyBit) == 0)
        {
            throw Refuse($"its directory {parent} is writable by group or others without the sticky bit, so another user could replace the socket (chmod 755 {parent})");
        }

        var existing = UnixFileStatus.Get(SocketPath);
        if (existing is null)
        {
            return false;
        }

        if (existing.Value.Kind != UnixFileKind.Socket)
        {
            var what = existing.Value.Kind switch
            {
                UnixFileKind.RegularFile => "a regular file",
                UnixFileKind.Directory => "a directory",
                UnixFileKind.SymbolicLink => "a symbolic link",
                _ => "not a socket",
            };
            throw Refuse($"{SocketPath} exists and is {what}; the agent removes only a stale socket of its own, remove it yourself if it is not needed");
        }

        if (IsServed())
        {
            throw Refuse($"another process is serving on {SocketPath} (is another agent running?)");
        }

        File.Delete(SocketPath);
        return true;
    }

    /// <summary>Opens the bound socket to every local process (see the class comment for why that is safe).</summary>
    public void AfterBind()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw NotLinux();
        }

        File.SetUnixFileMode(SocketPath, SocketMode);
    }

    /// <summary>Removes the socket at shutdown, if it is still a socket.</summary>
    /// <returns>True when it was removed.</returns>
    public bool RemoveSocket()
    {
        if (UnixFileStatus.Get(SocketPath) is { Kind: UnixFileKind.Socket })
        {
            File.Delete(SocketPath);
            return true;
        }

        return false;
    }

    // SO_PEERCRED, statx and the file modes are Linux's; the agent is built for Linux only.
    private static PlatformNotSupportedException NotLinux() => new("The Workload API socket is served on Linux only.");

    private bool IsServed()
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(SocketPath));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private InvalidOperationException Refuse(string reason) =>
        new($"{WorkloadApiOptions.SectionName}:SocketPath: cannot serve on {SocketPath}: {reason}.");
}
