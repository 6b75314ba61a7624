using System.Diagnostics;
using Bridge.Agent.Hosting;
using Bridge.Testing;
using Bridge.Testing.Lambda;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bridge.Agent.Tests.Packaging;

/// <summary>
/// The published Native AOT <c>bridge-agent</c> (path in <see cref="PathVariable"/>; <c>test.sh</c> publishes it with
/// scripts/publish-agent.sh) run as a process, configured only through <c>BridgeAgent__…</c> environment variables, as
/// systemd and ECS run it. Skipped, never passed, without the variable.
/// </summary>
public sealed class PublishedAgentTests : IAsyncLifetime
{
    /// <summary>The environment variable naming the executable.</summary>
    public const string PathVariable = "BRIDGE_AGENT_BINARY_PATH";

    // Bounds on waiting for the process, not measurements: a slow machine passes, a hung agent fails instead of hanging.
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("bridge-agent-pkg-").FullName;
    private WebApplication? _server;

    private static string? BinaryPath => Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path ? path : null;

    public async ValueTask InitializeAsync()
    {
        // A stand-in exchange that answers every call 503: the agent must start and serve its socket anyway.
        _server = LoopbackWebApplication.CreateBuilder().Build();
        _server.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Task.CompletedTask;
        });
        await _server.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task BadSettings_OneListOfEveryProblem_ExitCode2()
    {
        var path = RequireBinary();
        await using var agent = BootstrapProcess.Start(path, _directory, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BridgeAgent__ServerUrl"] = "http://bridge.example.org",
            ["BridgeAgent__DataDirectory"] = "relative/dir",
            ["BridgeAgent__SeverUrl"] = "typo",
        });

        await agent.Exited.WaitAsync(StartDeadline, TestContext.Current.CancellationToken);

        Assert.Equal(AgentStartupErrors.InvalidSettings, agent.ExitCode);
        var output = agent.Output;
        Assert.StartsWith("error: bridge-agent cannot start (", output, StringComparison.Ordinal);
        Assert.Contains("BridgeAgent:SeverUrl: unknown setting", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GoodSettings_StartsServesTheSocket_AndStopsCleanlyOnSigterm()
    {
        var path = RequireBinary();
        var socket = Path.Combine(_directory, "run", "agent.sock");
        Directory.CreateDirectory(Path.GetDirectoryName(socket)!);
        await using var agent = BootstrapProcess.Start(path, _directory, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["BridgeAgent__ServerUrl"] = LoopbackWebApplication.BaseAddress(_server!).GetLeftPart(UriPartial.Authority),
            ["BridgeAgent__TrustDomain"] = "example.org",
            ["BridgeAgent__DataDirectory"] = Path.Combine(_directory, "data"),
            ["BridgeAgent__WorkloadApi__SocketPath"] = "unix://" + socket,
            ["BridgeAgent__Health__Listen"] = "127.0.0.1:0",

            // No IMDS here: a closed loopback port fails at once instead of waiting for the link-local address.
            ["BridgeAgent__NodeAttestor__ImdsEndpoint"] = "http://127.0.0.1:9",
        });

        var deadline = Stopwatch.StartNew();
        while (!File.Exists(socket) && !agent.Exited.IsCompleted && deadline.Elapsed < StartDeadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.False(agent.Exited.IsCompleted, "the agent exited at start:\n" + agent.Output);
        Assert.True(File.Exists(socket), "the agent did not create its socket:\n" + agent.Output);

        using (var kill = Process.Start("kill", ["-TERM", agent.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        await agent.Exited.WaitAsync(StartDeadline, TestContext.Current.CancellationToken);
        Assert.True(agent.ExitCode == 0, $"exit code {agent.ExitCode} after SIGTERM:\n{agent.Output}");
        Assert.False(File.Exists(socket), "the socket was left behind after a clean stop");
    }

    private static string RequireBinary()
    {
        var path = BinaryPath;
        Assert.SkipWhen(
            path is null,
            $"{PathVariable} is not set: publish the agent (scripts/publish-agent.sh linux-x64 <dir>) and set it to <dir>/bridge-agent; test.sh does both.");

        // A variable naming a file that is not there is a broken CI setup, not a reason to skip.
        Assert.True(File.Exists(path), $"{PathVariable}={path}: no such file");
        return path!;
    }
}
