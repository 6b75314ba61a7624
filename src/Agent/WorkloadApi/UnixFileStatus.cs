using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Bridge.Agent.WorkloadApi;

/// <summary>
/// The type, permission bits and owner of a path without following a final symbolic link (Linux <c>statx</c>, whose
/// layout is the same on every architecture, unlike <c>struct stat</c>). .NET has no API for a file's owner or for
/// telling a socket from a regular file, and the socket checks need both.
/// </summary>
internal readonly partial record struct UnixFileStatus(UnixFileKind Kind, UnixFileMode Mode, uint OwnerId)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxMode = 0x2;
    private const uint StatxUid = 0x8;
    private const int StatxSize = 256;
    private const int UidOffset = 20;
    private const int ModeOffset = 28;
    private const int ENOENT = 2;
    private const int ENOTDIR = 20;

    /// <summary>The status of <paramref name="path"/>, or null when nothing is there.</summary>
    /// <exception cref="IOException">The path could not be examined (permissions, I/O).</exception>
    public static UnixFileStatus? Get(string path)
    {
        var buffer = new byte[StatxSize];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType | StatxMode | StatxUid, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is ENOENT or ENOTDIR)
            {
                return null;
            }

            throw new IOException($"Cannot examine {path}: {Marshal.GetPInvokeErrorMessage(errno)}.");
        }

        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(ModeOffset));
        var kind = (mode & 0xF000) switch
        {
            0xC000 => UnixFileKind.Socket,
            0xA000 => UnixFileKind.SymbolicLink,
            0x8000 => UnixFileKind.RegularFile,
            0x4000 => UnixFileKind.Directory,
            _ => UnixFileKind.Other,
        };
        return new UnixFileStatus(kind, (UnixFileMode)(mode & 0xFFF), BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(UidOffset)));
    }

    /// <summary>The agent's effective user ID.</summary>
    public static uint EffectiveUserId => GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int directoryFd, string path, int flags, uint mask, [Out] byte[] buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
