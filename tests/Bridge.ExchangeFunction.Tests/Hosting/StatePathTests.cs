using Bridge.Testing;

namespace Bridge.ExchangeFunction.Tests.Hosting;

/// <summary>Where a local run keeps its state: the working directory, for the service and the bridge command alike.</summary>
public sealed class StatePathTests
{
    [Fact]
    public async Task DotnetRun_KeepsTheCallersWorkingDirectory()
    {
        // The Web SDK runs a project in its own folder by default, so `dotnet run --project src/ExchangeFunction` from
        // the repository root wrote src/ExchangeFunction/.bridge while `bridge entry` and `bridge ca` used ./.bridge.
        var project = RepositoryRoot.Combine("src", "ExchangeFunction", "Bridge.ExchangeFunction.csproj");
        var result = await ExternalTool.RunAsync(
            "dotnet", null, ["msbuild", project, "-getProperty:RunWorkingDirectory", "-nologo"], TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(string.Empty, result.StandardOutput.Trim());
    }
}
