using System.Runtime.InteropServices;
using Bridge.Agent.Interop;
using Microsoft.Win32.SafeHandles;

namespace Bridge.Agent.Workloads.Unix;

/// <summary>
/// A file's <see cref="FileIdentity"/> from <c>statx(2)</c>: .NET does not expose a file's device and inode.
/// </summary>
internal static class Statx
{
    /// <summary>The identity of the open file <paramref name="handle"/>.</summary>
    /// <exception cref="EntryPointNotFoundException">libc has no statx.</exception>
    /// <exception cref="IOException">The call failed.</exception>
    public static FileIdentity Of(SafeFileHandle handle)
    {
        if (Libc.Statx(handle, string.Empty, Libc.AtEmptyPath, Libc.StatxBasicStats, out var buffer) != 0)
        {
            throw new IOException($"statx failed: errno {Marshal.GetLastPInvokeError()}.");
        }

        return Identity(buffer);
    }

    /// <summary>The identity of the file at <paramref name="path"/> (links followed), or null when there is none.</summary>
    public static FileIdentity? OfPath(string path)
    {
        return Libc.Statx(Libc.AtFdCwd, path, 0, Libc.StatxBasicStats, out var buffer) == 0 ? Identity(buffer) : null;
    }

    private static FileIdentity Identity(in StatxBuffer buffer) =>
        new(buffer.DeviceMajor, buffer.DeviceMinor, buffer.Inode, buffer.Size, buffer.ModifiedSeconds, buffer.ModifiedNanoseconds, buffer.ChangedSeconds, buffer.ChangedNanoseconds);
}
