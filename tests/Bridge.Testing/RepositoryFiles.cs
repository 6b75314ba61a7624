namespace Bridge.Testing;

/// <summary>Files of this repository, found from a test's output directory (which lies inside the checkout).</summary>
public static class RepositoryFiles
{
    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    /// <summary>The directory holding <c>Bridge.sln</c>.</summary>
    public static string Root => RootDirectory.Value;

    /// <summary>The absolute path of <paramref name="relativePath"/> (with <c>/</c> separators) under the root.</summary>
    public static string PathOf(string relativePath) =>
        Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Bridge.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Bridge.sln) was not found above " + AppContext.BaseDirectory);
    }
}
