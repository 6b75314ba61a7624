using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Bridge.Agent.Workloads.Unix;

/// <summary>
/// <c>statx(2)</c> through libc (glibc 2.28+, musl 1.2.5+): .NET does not expose a file's device and inode. Its
/// <c>struct statx</c> has one layout on every architecture, unlike <c>struct stat</c>.
/// </summary>
internal static partial class Statx
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;

    /// <summary>The identity of the open file <paramref name="handle"/>.</summary>
    /// <exception cref="EntryPointNotFoundException">libc has no statx.</exception>
    /// <exception cref="IOException">The call failed.</exception>
    public static FileIdentity Of(SafeFileHandle handle)
    {
        if (StatxHandle(handle, string.Empty, AtEmptyPath, StatxBasicStats, out var buffer) != 0)
        {
            throw new IOException($"statx failed: errno {Marshal.GetLastPInvokeError()}.");
        }

        return buffer.Identity;
    }

    /// <summary>The identity of the file at <paramref name="path"/> (links followed), or null when there is none.</summary>
    public static FileIdentity? OfPath(string path)
    {
        return StatxPath(AtFdCwd, path, 0, StatxBasicStats, out var buffer) == 0 ? buffer.Identity : null;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int StatxHandle(SafeFileHandle directory, string path, int flags, uint mask, out StatxBuffer buffer);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int StatxPath(int directory, string path, int flags, uint mask, out StatxBuffer buffer);

    // struct statx (linux/stat.h): 256 bytes; only the fields read here are declared.
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(32)]
        public ulong Inode;

        [FieldOffset(40)]
        public ulong Size;

        [FieldOffset(96)]
        public long ChangedSeconds;

        [FieldOffset(104)]
        public uint ChangedNanoseconds;

        [FieldOffset(112)]
        public long ModifiedSeconds;

        [FieldOffset(120)]
        public uint ModifiedNanoseconds;

        [FieldOffset(136)]
        public uint DeviceMajor;

        [FieldOffset(140)]
        public uint DeviceMinor;

        public readonly FileIdentity Identity =>
            new(DeviceMajor, DeviceMinor, Inode, Size, ModifiedSeconds, ModifiedNanoseconds, ChangedSeconds, ChangedNanoseconds);
    }
}
