namespace Bridge.Agent.Tests.TestSupport;

/// <summary>A fresh owner-only directory under the system temp directory, deleted on dispose; <see cref="Data"/> is the agent's data directory inside it (not yet created).</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("bridge-agent-test-").FullName;
        Data = System.IO.Path.Combine(Path, "data");
    }

    public string Path { get; }

    public string Data { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
