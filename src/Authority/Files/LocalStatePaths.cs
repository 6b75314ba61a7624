namespace Bridge.Authority.Files;

/// <summary>
/// Paths of the local backends' state (keys, rotation state, root certificate, entries file). A relative path is
/// resolved against the current working directory — by the service and by the <c>bridge</c> command alike — so both
/// act on the same <c>.bridge/</c> when started from the same directory (the repository root, in the README).
/// </summary>
public static class LocalStatePaths
{
    /// <summary>The absolute path of <paramref name="path"/>, resolved against the current working directory.</summary>
    public static string FullPath(string path) => Path.GetFullPath(path, Directory.GetCurrentDirectory());

    /// <summary>
    /// Resolves <paramref name="path"/> as <see cref="FullPath"/> does and creates its folder owner-only, so the
    /// defaults work on a fresh checkout.
    /// </summary>
    public static string Resolve(string path)
    {
        var full = FullPath(path);
        CreateOwnerOnly(Path.HasExtension(full) ? Path.GetDirectoryName(full)! : full);
        return full;
    }

    private static void CreateOwnerOnly(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        // Each missing level is created owner-only: the state folder holds signing keys.
        CreateOwnerOnly(Path.GetDirectoryName(directory)!);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
