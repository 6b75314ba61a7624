using System.Diagnostics;
using Bridge.Cli.Commands;

namespace Bridge.Cli.Demo;

/// <summary>
/// One <c>bridge workload …</c> run as its own process under a given uid and gid (<c>setpriv</c>, supplementary groups
/// cleared), so the agent attests it by the kernel's word exactly as it would a real workload. Needs root.
/// </summary>
internal sealed class WorkloadProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<string>? _waitingFor;
    private string? _waitedPrefix;

    private WorkloadProcess(Process process) => _process = process;

    /// <summary>Whether this process may start workloads under other uids.</summary>
    public static bool CanSwitchUsers => !OperatingSystem.IsWindows() && Environment.UserName == "root" && File.Exists("/usr/bin/setpriv");

    /// <summary>Every line printed so far (standard output and error).</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Copies this program (the directory of <c>bridge.dll</c>: its dependencies and runtime configuration) into
    /// <paramref name="directory"/>, readable by every user, and returns the copy's <c>bridge.dll</c>: the workloads run
    /// under other uids, which may not be able to reach where it was built (a checkout under <c>/root</c>).
    /// </summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static string CopyProgramTo(string directory)
    {
        var source = Path.GetDirectoryName(typeof(WorkloadCommand).Assembly.Location)!;
        const UnixFileMode Readable = (UnixFileMode)0b110_100_100;
        const UnixFileMode Traversable = (UnixFileMode)0b111_101_101;
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, Traversable);
        foreach (var path in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(directory, Path.GetRelativePath(source, path));
            if (Path.GetDirectoryName(target) is { } parent && !Directory.Exists(parent))
            {
                Directory.CreateDirectory(parent, Traversable);
            }

            File.Copy(path, target, overwrite: true);
            File.SetUnixFileMode(target, Readable);
        }

        return Path.Combine(directory, Path.GetFileName(typeof(WorkloadCommand).Assembly.Location));
    }

    /// <summary>Starts <c>bridge workload</c> (<paramref name="program"/>) with <paramref name="arguments"/> as <paramref name="uid"/> against <paramref name="socket"/>.</summary>
    public static WorkloadProcess Start(string program, int uid, string socket, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("/usr/bin/setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var argument in (string[])[$"--reuid={uid}", $"--regid={uid}", "--clear-groups", "--", DotnetHost(), program, "workload", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SPIFFE_ENDPOINT_SOCKET"] = socket;
        start.Environment["HOME"] = "/tmp";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var workload = new WorkloadProcess(process);
        process.OutputDataReceived += (_, e) => workload.Add(e.Data);
        process.ErrorDataReceived += (_, e) => workload.Add(e.Data);
        process.Exited += (_, _) => workload._exited.TrySetResult();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return workload;
    }

    /// <summary>Runs to the end and returns the process.</summary>
    public static async Task<WorkloadProcess> RunAsync(string program, int uid, string socket, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var workload = Start(program, uid, socket, arguments);
        await workload.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return workload;
    }

    /// <summary>Waits for the first line starting with <paramref name="prefix"/>; null when the process exits first.</summary>
    public async Task<string?> WaitForLineAsync(string prefix, CancellationToken cancellationToken)
    {
        Task<string> line;
        lock (_lock)
        {
            if (_lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } seen)
            {
                return seen;
            }

            _waitedPrefix = prefix;
            _waitingFor = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            line = _waitingFor.Task;
        }

        var first = await Task.WhenAny(line, _exited.Task).WaitAsync(cancellationToken).ConfigureAwait(false);
        return first == line ? await line.ConfigureAwait(false) : Lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
    }

    public async Task WaitForExitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    // `dotnet bridge.dll`: the muxer that runs this process (DOTNET_HOST_PATH under `dotnet test`/`dotnet run`), so a
    // workload runs on the same runtime as the demo.
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host)
        {
            return host;
        }

        return Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _lines.Add(line);
            if (_waitedPrefix is { } prefix && line.StartsWith(prefix, StringComparison.Ordinal))
            {
                _waitingFor!.TrySetResult(line);
                _waitedPrefix = null;
            }
        }
    }
}
