namespace Bridge.Authority.Tests.Registration;

/// <summary>A directory under the system temp path, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bridge-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string NewFilePath() => System.IO.Path.Combine(Path, Guid.NewGuid().ToString("N") + ".json");

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
