using System.Diagnostics;

namespace Bridge.ExchangeFunction.Tests.Hosting;

/// <summary>Where a local run keeps its state: the working directory, for the service and the bridge command alike.</summary>
public sealed class StatePathTests
{
    [Fact]
    public async Task DotnetRun_KeepsTheCallersWorkingDirectory()
    {
        // The Web SDK runs a project in its own folder by default, so `dotnet run --project src/ExchangeFunction` from
        // the repository root wrote src/ExchangeFunction/.bridge while `bridge entry` and `bridge ca` used ./.bridge.
        var project = Path.Combine(RepositoryRoot(), "src", "ExchangeFunction", "Bridge.ExchangeFunction.csproj");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "msbuild", project, "-getProperty:RunWorkingDirectory", "-nologo" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(0, process.ExitCode);
        Assert.Equal(string.Empty, output.Trim());
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Bridge.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Bridge.sln not found above the test output folder.");
    }
}
