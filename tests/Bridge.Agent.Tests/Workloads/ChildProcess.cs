using System.Diagnostics;

namespace Bridge.Agent.Tests.Workloads;

/// <summary>A real process to attest: started from a program and arguments, killed on dispose.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    /// <summary>
    /// Runs <paramref name="sleepExecutable"/> (a copy of sleep anywhere) for five minutes, through
    /// <paramref name="launcher"/> when given (such as <c>setpriv --groups 4,27 --</c>), and returns once the kernel
    /// reports that executable for the process.
    /// </summary>
    public static ChildProcess Start(string sleepExecutable = "/usr/bin/sleep", params string[] launcher)
    {
        var info = new ProcessStartInfo(launcher.Length > 0 ? launcher[0] : sleepExecutable) { UseShellExecute = false };
        foreach (var argument in launcher.Skip(1).Concat(launcher.Length > 0 ? [sleepExecutable, "300"] : ["300"]))
        {
            info.ArgumentList.Add(argument);
        }

        var child = new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException($"{info.FileName} did not start."));

        // Until exec completes, /proc/<pid>/exe is still the test host (or the launcher): wait for the kernel's answer.
        for (var i = 0; i < 10_000; i++)
        {
            if (new FileInfo($"/proc/{child.Id}/exe").LinkTarget == sleepExecutable)
            {
                return child;
            }

            Thread.Sleep(1);
        }

        child.Dispose();
        throw new InvalidOperationException($"{sleepExecutable} did not start.");
    }

    /// <summary>Kills the process and reaps it, so its PID is gone from /proc.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
