namespace Bridge.Authority.Local.Hosting;

/// <summary>The names that choose the local backends in <c>Bridge:Backends</c>.</summary>
public static class LocalBackends
{
    /// <summary>Files on this machine (owner-only): keys, rotation state, registration entries, node records.</summary>
    public const string File = "File";

    /// <summary>This process's memory: everything dies with it.</summary>
    public const string InMemory = "InMemory";
}
