using System.Runtime.InteropServices;
using Bridge.Agent.Interop;

namespace Bridge.Agent.Node;

/// <summary>
/// Who owns a file, which .NET does not tell: <c>statx(2)</c> (one layout on every Linux architecture, unlike
/// <c>struct stat</c>) without following symbolic links.
/// </summary>
internal static class UnixFileOwnership
{
    /// <summary>The owner and file type bits of <paramref name="path"/> (a link is reported as a link), or null when it does not exist.</summary>
    public static (uint Owner, bool IsSymbolicLink)? Stat(string path)
    {
        if (Libc.Statx(Libc.AtFdCwd, path, Libc.AtSymlinkNoFollow, Libc.StatxType | Libc.StatxMode | Libc.StatxUid, out var buffer) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error == Libc.ENOENT ? null : throw new IOException($"statx({path}) failed: errno {error}.");
        }

        return (buffer.UserId, (buffer.Mode & Libc.FileTypeMask) == Libc.FileTypeSymbolicLink);
    }

    /// <summary>Flushes a directory's entries (a rename in it) to disk.</summary>
    public static void FsyncDirectory(string path)
    {
        var fd = Libc.Open(path, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            return;
        }

        _ = Libc.Fsync(fd);
        _ = Libc.Close(fd);
    }
}
