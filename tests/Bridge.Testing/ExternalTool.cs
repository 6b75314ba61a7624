using System.Diagnostics;

namespace Bridge.Testing;

/// <summary>Runs a command-line tool (openssl, bash, curl) to check Bridge's output with software that shares no code with it.</summary>
public static class ExternalTool
{
    /// <summary>What a finished run printed.</summary>
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        /// <summary>Both streams, for assertion messages.</summary>
        public string Output => StandardOutput + StandardError;
    }

    /// <summary>Runs <paramref name="file"/> with <paramref name="arguments"/> (passed as they are, no shell) and waits for it.</summary>
    public static async Task<Result> RunAsync(string file, string? workingDirectory, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;

        // Both pipes are drained at once: a tool that fills one while the other is being read would never finish.
        var standardOutput = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var standardError = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return new Result(process.ExitCode, await standardOutput.ConfigureAwait(false), await standardError.ConfigureAwait(false));
    }
}
