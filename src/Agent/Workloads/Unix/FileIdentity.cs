namespace Bridge.Agent.Workloads.Unix;

/// <summary>
/// One version of one file: device, inode, size, and modification and change times. Writing, truncating, renaming a
/// new file over it or <c>touch</c> changes at least one of them; the change time (ctime) cannot be set by any caller.
/// </summary>
internal readonly record struct FileIdentity(uint DeviceMajor, uint DeviceMinor, ulong Inode, ulong Size, long ModifiedSeconds, uint ModifiedNanoseconds, long ChangedSeconds, uint ChangedNanoseconds);
