namespace Bridge.Agent.WorkloadApi;

/// <summary>The file types the socket checks tell apart.</summary>
internal enum UnixFileKind
{
    /// <summary>A Unix domain socket.</summary>
    Socket,

    /// <summary>A symbolic link (never followed).</summary>
    SymbolicLink,

    /// <summary>A regular file.</summary>
    RegularFile,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>A device, FIFO or anything else.</summary>
    Other,
}
