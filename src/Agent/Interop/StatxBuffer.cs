using System.Runtime.InteropServices;

namespace Bridge.Agent.Interop;

/// <summary>
/// <c>struct statx</c> (linux/stat.h): 256 bytes with one layout on every Linux architecture, unlike <c>struct stat</c>;
/// only the fields the agent reads are declared.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct StatxBuffer
{
    /// <summary><c>stx_uid</c>: the owner.</summary>
    [FieldOffset(20)]
    public uint UserId;

    /// <summary><c>stx_mode</c>: file type and permission bits.</summary>
    [FieldOffset(28)]
    public ushort Mode;

    /// <summary><c>stx_ino</c>.</summary>
    [FieldOffset(32)]
    public ulong Inode;

    /// <summary><c>stx_size</c>.</summary>
    [FieldOffset(40)]
    public ulong Size;

    /// <summary><c>stx_ctime.tv_sec</c>.</summary>
    [FieldOffset(96)]
    public long ChangedSeconds;

    /// <summary><c>stx_ctime.tv_nsec</c>.</summary>
    [FieldOffset(104)]
    public uint ChangedNanoseconds;

    /// <summary><c>stx_mtime.tv_sec</c>.</summary>
    [FieldOffset(112)]
    public long ModifiedSeconds;

    /// <summary><c>stx_mtime.tv_nsec</c>.</summary>
    [FieldOffset(120)]
    public uint ModifiedNanoseconds;

    /// <summary><c>stx_dev_major</c>: the device holding the file.</summary>
    [FieldOffset(136)]
    public uint DeviceMajor;

    /// <summary><c>stx_dev_minor</c>.</summary>
    [FieldOffset(140)]
    public uint DeviceMinor;
}
