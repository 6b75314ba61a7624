using System.ComponentModel;
using System.Diagnostics;

namespace Bridge.Infrastructure.Components;

/// <summary>
/// Asks the <c>docker</c> client whether it can reach an engine, before the CDK tries to bundle in a container: without
/// one, the CDK's own failure is a stack of jsii and process errors that never mentions the prebuilt alternative.
/// </summary>
internal sealed class DockerEngineProbe
{
    // `docker version` waits for the engine; a stuck socket must not hang synth.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private const int MaxDetailLength = 200;

    private readonly string _command;

    /// <param name="command">The docker client: a name looked up on PATH, or a path.</param>
    public DockerEngineProbe(string command = "docker") => _command = command;

    /// <summary>Null when the client answers with an engine version; otherwise why Docker cannot be used, in one line.</summary>
    public string? FindProblem()
    {
        var start = new ProcessStartInfo(_command)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "version", "--format", "{{.Server.Version}}" })
        {
            start.ArgumentList.Add(argument);
        }

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception)
        {
            return $"the Docker client ('{_command}') is not installed or not on PATH";
        }

        if (process is null)
        {
            return $"the Docker client ('{_command}') could not be started";
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return $"'{_command} version' did not answer within {Timeout.TotalSeconds:0} s (is the Docker engine running?)";
            }

            if (process.ExitCode == 0 && !string.IsNullOrWhiteSpace(output.Result))
            {
                return null;
            }

            return $"the Docker engine is not running or not reachable ('{_command} version': {Detail(error.Result)})";
        }
    }

    // The client's first error line (it names the socket it tried), bounded: it goes into a one-line message.
    private static string Detail(string standardError)
    {
        var line = standardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (string.IsNullOrEmpty(line))
        {
            return "no server version";
        }

        return line.Length > MaxDetailLength ? line[..MaxDetailLength] + "…" : line;
    }
}
