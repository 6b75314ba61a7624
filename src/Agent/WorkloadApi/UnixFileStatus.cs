using System.Runtime.InteropServices;
using Bridge.Agent.Interop;

namespace Bridge.Agent.WorkloadApi;

/// <summary>
/// The type, permission bits and owner of a path without following a final symbolic link (Linux <c>statx</c>, whose
/// layout is the same on every architecture, unlike <c>struct stat</c>). .NET has no API for a file's owner or for
/// telling a socket from a regular file, and the socket checks need both.
/// </summary>
internal readonly record struct UnixFileStatus(UnixFileKind Kind, UnixFileMode Mode, uint OwnerId)
{
    /// <summary>The status of <paramref name="path"/>, or null when nothing is there.</summary>
    /// <exception cref="IOException">The path could not be examined (permissions, I/O).</exception>
    public static UnixFileStatus? Get(string path)
    {
        if (Libc.Statx(Libc.AtFdCwd, path, Libc.AtSymlinkNoFollow, Libc.StatxType | Libc.StatxMode | Libc.StatxUid, out var buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is Libc.ENOENT or Libc.ENOTDIR)
            {
                return null;
            }

            throw new IOException($"Cannot examine {path}: {Marshal.GetPInvokeErrorMessage(errno)}.");
        }

        var kind = (buffer.Mode & Libc.FileTypeMask) switch
        {
            0xC000 => UnixFileKind.Socket,
            Libc.FileTypeSymbolicLink => UnixFileKind.SymbolicLink,
            0x8000 => UnixFileKind.RegularFile,
            0x4000 => UnixFileKind.Directory,
            _ => UnixFileKind.Other,
        };
        return new UnixFileStatus(kind, (UnixFileMode)(buffer.Mode & 0xFFF), buffer.UserId);
    }
}
