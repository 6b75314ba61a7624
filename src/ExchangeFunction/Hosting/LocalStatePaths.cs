namespace Bridge.ExchangeFunction.Hosting;

/// <summary>Paths of the local backends' state (keys, root certificate, entries file).</summary>
internal static class LocalStatePaths
{
    /// <summary>
    /// Resolves a path against the content root (not the working directory) and creates its folder owner-only, so
    /// the embedded defaults work on a fresh checkout.
    /// </summary>
    public static string Resolve(IHostEnvironment environment, string path)
    {
        var full = Path.GetFullPath(path, environment.ContentRootPath);
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
