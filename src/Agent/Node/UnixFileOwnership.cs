using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Bridge.Agent.Node;

/// <summary>
/// Who owns a file, which .NET does not tell: <c>statx(2)</c> (one layout on every Linux architecture, unlike
/// <c>struct stat</c>) without following symbolic links, and the process's effective user ID.
/// </summary>
internal static class UnixFileOwnership
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const uint StatxMode = 0x2;
    private const uint StatxUid = 0x8;
    private const ushort TypeMask = 0xF000;

    /// <summary>The effective user ID of this process.</summary>
    public static uint EffectiveUserId => NativeMethods.geteuid();

    /// <summary>The owner and file type bits of <paramref name="path"/> (a link is reported as a link), or null when it does not exist.</summary>
    public static (uint Owner, bool IsSymbolicLink)? Stat(string path)
    {
        var buffer = new byte[256];
        if (NativeMethods.statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType | StatxMode | StatxUid, buffer) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error == 2 /* ENOENT */ ? null : throw new IOException($"statx({path}) failed: errno {error}.");
        }

        // struct statx: stx_mask u32 @0, stx_blksize u32 @4, stx_attributes u64 @8, stx_nlink u32 @16, stx_uid u32 @20, stx_gid u32 @24, stx_mode u16 @28.
        var owner = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(20));
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(28));
        return (owner, (mode & TypeMask) == 0xA000);
    }

    /// <summary>Flushes a directory's entries (a rename in it) to disk.</summary>
    public static void FsyncDirectory(string path)
    {
        var fd = NativeMethods.open(path, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            return;
        }

        _ = NativeMethods.fsync(fd);
        _ = NativeMethods.close(fd);
    }

    private static class NativeMethods
    {
#pragma warning disable SA1300, IDE1006 // libc's names
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string pathname, int flags, uint mask, byte[] buffer);

        [DllImport("libc")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern uint geteuid();

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string pathname, int flags);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int close(int fd);
#pragma warning restore SA1300, IDE1006
    }
}
