using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Bridge.Testing.Lambda;

/// <summary>
/// A published Lambda <c>bootstrap</c> executable run as a child process, as the Lambda service runs it: only the
/// given environment (plus <c>PATH</c>), its output captured for failure messages, stopped and reaped on dispose.
/// </summary>
public sealed class BootstrapProcess : IAsyncDisposable
{
    private const int MaxCapturedChars = 64 * 1024;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BootstrapProcess(Process process)
    {
        _process = process;
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Completes when the process has exited.</summary>
    public Task Exited => _exited.Task;

    /// <summary>The exit code, once <see cref="Exited"/> has completed.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>What the process wrote to stdout and stderr so far (the first 64 K characters).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="path"/> in <paramref name="workingDirectory"/> with exactly <paramref name="environment"/>
    /// (and the caller's <c>PATH</c>), so no <c>AWS_*</c> or <c>Bridge__*</c> variable of the test run leaks in.
    /// </summary>
    public static BootstrapProcess Start(string path, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo(path)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var bootstrap = new BootstrapProcess(process);
        process.OutputDataReceived += (_, e) => bootstrap.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => bootstrap.Capture(e.Data);
        process.Exited += (_, _) => bootstrap._exited.TrySetResult();
        if (!process.Start())
        {
            throw new InvalidOperationException($"{path} did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return bootstrap;
    }

    /// <summary>
    /// The process's peak resident set size in bytes (<c>VmHWM</c> of <c>/proc/&lt;pid&gt;/status</c>), or null when it
    /// cannot be read (the process has exited, or this is not Linux).
    /// </summary>
    public long? PeakResidentBytes() => ReadPeakResidentBytes(_process.Id);

    /// <summary>As <see cref="PeakResidentBytes()"/>, for any process id.</summary>
    public static long? ReadPeakResidentBytes(int processId) => ReadStatusBytes(processId, "VmHWM");

    /// <summary>
    /// A memory figure of <c>/proc/&lt;pid&gt;/status</c> in bytes (<paramref name="field"/>: <c>VmRSS</c>, <c>VmHWM</c>,
    /// …), or null when it cannot be read (the process has exited, or this is not Linux).
    /// </summary>
    public static long? ReadStatusBytes(int processId, string field)
    {
        var prefix = field + ":";
        try
        {
            foreach (var line in File.ReadLines($"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                // "VmHWM:     31416 kB"
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    var kilobytes = line[prefix.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already reaped.
        }

        _process.Dispose();
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length < MaxCapturedChars)
            {
                _output.AppendLine(line);
            }
        }
    }
}
