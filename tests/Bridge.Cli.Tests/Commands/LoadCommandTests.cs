using Bridge.Cli.Commands;
using Bridge.Cli.Load;

namespace Bridge.Cli.Tests.Commands;

public sealed class LoadCommandTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Run_SmallLoad_EveryExchangeSucceedsAndIsTimed(bool x509)
    {
        var report = await new LoadRunner(TimeProvider.System).RunAsync(20, 2, x509, progress: null, TestContext.Current.CancellationToken);

        Assert.Equal(20, report.Succeeded);
        Assert.Equal(0, report.Failed);
        Assert.Equal(20, report.SortedLatencies.Count);
        Assert.All(report.SortedLatencies, l => Assert.True(l > TimeSpan.Zero));
        Assert.True(report.Percentile(50) <= report.Percentile(99));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(LoadCommand.MaxRequests + 1, 1)]
    [InlineData(10, 0)]
    [InlineData(10, 257)]
    public async Task Run_OutOfBoundsArguments_RefusedWithoutRunning(int requests, int concurrency)
    {
        var (console, output) = TestConsoles.Create();
        Assert.Equal(2, await LoadCommand.RunAsync(requests, concurrency, false, console, TestContext.Current.CancellationToken));
        Assert.Contains("--requests must be", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Percentile_PicksNearestRank()
    {
        var latencies = Enumerable.Range(1, 100).Select(i => TimeSpan.FromMilliseconds(i)).ToList();
        var report = new LoadReport(100, 1, 100, 0, TimeSpan.FromSeconds(1), latencies);
        Assert.Equal(TimeSpan.FromMilliseconds(50), report.Percentile(50));
        Assert.Equal(TimeSpan.FromMilliseconds(99), report.Percentile(99));
        Assert.Equal(TimeSpan.FromMilliseconds(100), report.Percentile(100));
        Assert.Equal(100, report.RequestsPerSecond);
    }
}
