namespace Bridge.Testing;

/// <summary>The checkout the tests run from: tests that read the repository's own files (events, docs, scripts) find it here.</summary>
public static class RepositoryRoot
{
    /// <summary>The folder holding <c>Bridge.sln</c>, found by walking up from the test binaries.</summary>
    public static string Path { get; } = Find();

    /// <summary>A path inside the repository, e.g. <c>Combine("docs", "token-exchange.md")</c>.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Bridge.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Bridge.sln) was not found above " + AppContext.BaseDirectory);
    }
}
