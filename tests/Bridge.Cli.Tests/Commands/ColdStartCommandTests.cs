using Bridge.Cli.ColdStart;
using Bridge.Cli.Commands;

namespace Bridge.Cli.Tests.Commands;

public sealed class ColdStartCommandTests
{
    private const string BootstrapVariable = "BRIDGE_BOOTSTRAP_PATH";

    [Theory]
    [InlineData(0)]
    [InlineData(ColdStartCommand.MaxRuns + 1)]
    public async Task Run_RunsOutOfBounds_RefusedWithoutStarting(int runs)
    {
        var (console, output) = TestConsoles.Create();

        Assert.Equal(2, await ColdStartCommand.RunAsync("/nonexistent/bootstrap", runs, events: null, console, TestContext.Current.CancellationToken));
        Assert.Contains("--runs must be", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MissingBootstrap_Refused()
    {
        var (console, output) = TestConsoles.Create();

        Assert.Equal(2, await ColdStartCommand.RunAsync("/nonexistent/bootstrap", 1, events: null, console, TestContext.Current.CancellationToken));
        Assert.Contains("no bootstrap at", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_EnvironmentWithoutValue_Refused()
    {
        var (console, output) = TestConsoles.Create();

        Assert.Equal(2, await ColdStartCommand.RunAsync("/nonexistent/bootstrap", 1, events: null, console, TestContext.Current.CancellationToken, ["DOTNET_gcServer"]));
        Assert.Contains("--env takes NAME=VALUE", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Percentile_PicksNearestRank()
    {
        var values = Enumerable.Range(1, 10).Reverse().ToList();

        Assert.Equal(5, ColdStartResult.Percentile(values, 50));
        Assert.Equal(9, ColdStartResult.Percentile(values, 90));
        Assert.Equal(10, ColdStartResult.Percentile(values, 100));
    }

    [Fact]
    public async Task Run_PublishedBootstrap_BothScenariosAnsweredAndMeasured()
    {
        if (Environment.GetEnvironmentVariable(BootstrapVariable) is not { Length: > 0 } bootstrap)
        {
            Assert.Skip($"{BootstrapVariable} is not set (test.sh publishes the Native AOT bootstrap and sets it).");
            return;
        }

        var (console, output) = TestConsoles.Create();

        var exitCode = await ColdStartCommand.RunAsync(bootstrap, 1, events: null, console, TestContext.Current.CancellationToken);

        Assert.True(exitCode == 0, output.ToString());
        var text = output.ToString();
        Assert.Contains("JWKS (GET /keys)", text, StringComparison.Ordinal);
        Assert.Contains("JWT-SVID exchange (POST /token)", text, StringComparison.Ordinal);
        Assert.Contains(" MB", text, StringComparison.Ordinal);
    }
}
