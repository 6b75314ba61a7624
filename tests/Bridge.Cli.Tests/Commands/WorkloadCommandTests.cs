using Bridge.Cli.Commands;
using Bridge.Cli.Workloads;

namespace Bridge.Cli.Tests.Commands;

/// <summary>
/// <c>bridge workload</c>'s own refusals: a missing or malformed address, a bad peer ID, an agent that is not there.
/// What it does against a real agent is the lab's (AgentLabTests, as other uids).
/// </summary>
public sealed class WorkloadCommandTests
{
    [Fact]
    public async Task Fetch_WithoutAnAddress_IsAUsageErrorNamingTheSetting()
    {
        var (exit, output) = await RunAsync("fetch", "--socket", "unix://relative/path");

        Assert.Equal(WorkloadOperations.UsageError, exit);
        Assert.StartsWith("error: The Workload API address is not usable", output, StringComparison.Ordinal);
        Assert.Contains("SPIFFE_ENDPOINT_SOCKET", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MtlsConnect_WithAnAllowedPeerThatIsNotASpiffeId_IsAUsageError()
    {
        var (exit, output) = await RunAsync("mtls-connect", "--port", "1", "--allow", "https://example.org/web", "--socket", "unix:///nonexistent/agent.sock");

        Assert.Equal(WorkloadOperations.UsageError, exit);
        Assert.Equal("error: --allow: 'https://example.org/web' is not a SPIFFE ID.", output.Trim());
    }

    [Fact]
    public async Task Fetch_WhenNoAgentListens_SaysUnavailable_WithItsExitCode()
    {
        var socket = Path.Combine(Path.GetTempPath(), "bridge-no-agent-" + Guid.NewGuid().ToString("N")[..8] + ".sock");

        var (exit, output) = await RunAsync("fetch", "--socket", "unix://" + socket, "--timeout", "00:00:05");

        Assert.Equal(WorkloadOperations.Unavailable, exit);
        Assert.StartsWith("refused: the Workload API is unavailable", output, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        var exit = await WorkloadCommand.Create(output, TimeProvider.System).Parse(args)
            .InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);
        return (exit, output.ToString());
    }
}
