using Bridge.Testing;

namespace Bridge.Cli.Tests.Tooling;

/// <summary>
/// <c>scripts/test-summary.sh</c>, which <c>test.sh</c> ends with, run on logs captured from real <c>dotnet test</c> runs
/// (Microsoft.Testing.Platform's summary block; paths shortened): the line CI reads, with the skipped count.
/// </summary>
public sealed class TestSummaryScriptTests
{
    public static TheoryData<string, string, string[], string> Runs => new()
    {
        { "passed-with-skip", "0", [], "5 passed, 0 failed, 1 skipped" },
        { "passed-with-skip", "0", ["0"], "6 passed, 0 failed, 1 skipped" },
        { "passed-with-skip", "0", ["1"], "5 passed, 1 failed, 1 skipped" },
        { "failed", "2", ["0"], "6 passed, 1 failed, 0 skipped" },
        { "zero-tests", "0", ["0"], "1 passed, 0 failed, 0 skipped" },

        // A run that failed without a failed test in its summary (a crash) still counts as a failure.
        { "zero-tests", "3", [], "0 passed, 1 failed, 0 skipped" },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Summary_OfCapturedLog_IsTheLineCiReads(string log, string testStatus, string[] checks, string expected)
    {
        var sample = RepositoryRoot.Combine("tests", "Bridge.Cli.Tests", "Tooling", "SampleLogs", log + ".log");

        var result = await ExternalTool.RunAsync(
            "bash", null, [RepositoryRoot.Combine("scripts", "test-summary.sh"), sample, testStatus, .. checks], TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(expected + "\n", result.StandardOutput);
    }

    [Fact]
    public void TestScript_PrintsTheSummaryOfTheScript()
    {
        var testScript = File.ReadAllText(RepositoryRoot.Combine("test.sh"));

        Assert.Contains("scripts/test-summary.sh \"$log\" \"$status\" \"$synth_failed\"", testScript, StringComparison.Ordinal);
    }
}
