using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Bridge.Agent.Interop;

/// <summary>
/// The agent's only calls into libc, for what .NET does not expose: a file's owner, type, device and inode
/// (<c>statx(2)</c>, glibc 2.28+, musl 1.2.5+), the effective user ID, and flushing a directory (.NET cannot open one).
/// LibraryImport, not DllImport: the marshalling is generated at compile time, which Native AOT needs.
/// </summary>
internal static partial class Libc
{
    /// <summary><c>AT_FDCWD</c>: a relative path is resolved against the working directory.</summary>
    public const int AtFdCwd = -100;

    /// <summary><c>AT_SYMLINK_NOFOLLOW</c>: a final symbolic link is examined, not followed.</summary>
    public const int AtSymlinkNoFollow = 0x100;

    /// <summary><c>AT_EMPTY_PATH</c>: with an empty path, the open file itself is examined.</summary>
    public const int AtEmptyPath = 0x1000;

    /// <summary><c>STATX_TYPE</c>.</summary>
    public const uint StatxType = 0x1;

    /// <summary><c>STATX_MODE</c>.</summary>
    public const uint StatxMode = 0x2;

    /// <summary><c>STATX_UID</c>.</summary>
    public const uint StatxUid = 0x8;

    /// <summary><c>STATX_BASIC_STATS</c>.</summary>
    public const uint StatxBasicStats = 0x7ff;

    /// <summary><c>S_IFMT</c>: the file type bits of <see cref="StatxBuffer.Mode"/>.</summary>
    public const ushort FileTypeMask = 0xF000;

    /// <summary><c>S_IFLNK</c>.</summary>
    public const ushort FileTypeSymbolicLink = 0xA000;

    /// <summary><c>ENOENT</c>.</summary>
    public const int ENOENT = 2;

    /// <summary><c>ENOTDIR</c>.</summary>
    public const int ENOTDIR = 20;

    /// <summary><c>statx(2)</c> of <paramref name="path"/> relative to the directory descriptor <paramref name="directoryFd"/>.</summary>
    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Statx(int directoryFd, string path, int flags, uint mask, out StatxBuffer buffer);

    /// <summary>
    /// <c>statx(2)</c> relative to an open file; with <see cref="AtEmptyPath"/> and an empty path, of that file. A
    /// SafeFileHandle, not its number, so the handle cannot be closed (and its number reused) during the call.
    /// </summary>
    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Statx(SafeFileHandle directory, string path, int flags, uint mask, out StatxBuffer buffer);

    /// <summary><c>geteuid(2)</c>, which always succeeds.</summary>
    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();

    /// <summary><c>open(2)</c> without creation (no mode argument).</summary>
    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    /// <summary><c>fsync(2)</c>.</summary>
    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    public static partial int Fsync(int fd);

    /// <summary><c>close(2)</c>.</summary>
    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
