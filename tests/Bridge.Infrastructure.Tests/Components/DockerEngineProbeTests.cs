using Bridge.Infrastructure.Components;

namespace Bridge.Infrastructure.Tests.Components;

public sealed class DockerEngineProbeTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("bridge-docker-probe-");

    [Fact]
    public void FindProblem_ClientNotInstalled_SaysSo()
    {
        var problem = new DockerEngineProbe(Path.Combine(_directory.FullName, "docker")).FindProblem();

        Assert.NotNull(problem);
        Assert.Contains("not installed or not on PATH", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FindProblem_EngineNotRunning_QuotesTheClientsFirstErrorLine()
    {
        // What the docker client prints without an engine (this machine has the client only).
        var docker = FakeDocker("""
            echo 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' >&2
            exit 1
            """);

        var problem = new DockerEngineProbe(docker).FindProblem();

        Assert.NotNull(problem);
        Assert.Contains("the Docker engine is not running", problem, StringComparison.Ordinal);
        Assert.Contains("Cannot connect to the Docker daemon at unix:///var/run/docker.sock", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FindProblem_EngineAnswersWithItsVersion_IsNull()
    {
        var docker = FakeDocker("""
            [ "$1 $2 $3" = 'version --format {{.Server.Version}}' ] || exit 2
            echo 27.3.1
            """);

        Assert.Null(new DockerEngineProbe(docker).FindProblem());
    }

    public void Dispose() => _directory.Delete(recursive: true);

    private string FakeDocker(string body)
    {
        var path = Path.Combine(_directory.FullName, "docker");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }
}
