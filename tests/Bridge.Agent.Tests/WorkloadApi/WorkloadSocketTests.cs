using System.Net.Sockets;
using System.Runtime.Versioning;
using Bridge.Agent.Hosting;
using Bridge.Agent.Interop;
using Bridge.Agent.WorkloadApi;

namespace Bridge.Agent.Tests.WorkloadApi;

/// <summary>The socket path's safety checks, through the agent's own start (tests run as root, as CI does).</summary>
[SupportedOSPlatform("linux")]
public sealed class WorkloadSocketTests : IDisposable
{
    private const UnixFileMode Mode755 = (UnixFileMode)0b111_101_101;
    private readonly string _directory = Directory.CreateTempSubdirectory("bridge-wlsock-").FullName;
    private readonly TestTrustDomain _trustDomain = new();

    [Fact]
    public async Task Start_CreatesAMissingParentDirectory755_MakesTheSocket0777_AndRemovesItAtStop()
    {
        var socket = Path.Combine(_directory, "run", "bridge", "agent.sock");

        await using (var app = Build(socket))
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
            Assert.Equal(Mode755, File.GetUnixFileMode(Path.GetDirectoryName(socket)!));
            Assert.Equal((UnixFileMode)0b111_111_111, File.GetUnixFileMode(socket));
            await app.StopAsync(TestContext.Current.CancellationToken);
        }

        Assert.False(File.Exists(socket));
    }

    [Fact]
    public async Task Start_RemovesAStaleSocket()
    {
        // A process that bound the socket and died without removing it (.NET would remove it when disposing a Socket).
        var path = Path.Combine(_directory, "agent.sock");
        var bind = await Bridge.Testing.ExternalTool.RunAsync(
            "python3", null, ["-c", "import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])", path], TestContext.Current.CancellationToken);
        Assert.True(bind.ExitCode == 0, bind.Output);
        Assert.Equal(UnixFileKind.Socket, UnixFileStatus.Get(path)!.Value.Kind);

        await using var app = Build(path);
        await app.StartAsync(TestContext.Current.CancellationToken);

        // Served: before the first sync a unary call is answered Unavailable.
        using var channel = WorkloadApiHost.CreateChannel(path);
        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => new SpiffeWorkloadAPI.SpiffeWorkloadAPIClient(channel)
            .FetchJWTSVIDAsync(new JWTSVIDRequest { Audience = { "a" } }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task Start_RefusesASocketAnotherProcessServes()
    {
        var path = Path.Combine(_directory, "agent.sock");
        using var live = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        live.Bind(new UnixDomainSocketEndPoint(path));
        live.Listen();

        var problem = await StartFailureAsync(path);

        Assert.Contains("another process is serving on", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file", "is a regular file")]
    [InlineData("directory", "is a directory")]
    [InlineData("symlink", "is a symbolic link")]
    public async Task Start_RefusesAPathThatIsNotASocket_AndLeavesItAlone(string kind, string problem)
    {
        var path = Path.Combine(_directory, "agent.sock");
        var target = Path.Combine(_directory, "target");
        File.WriteAllText(target, "keep me");
        switch (kind)
        {
            case "file":
                File.WriteAllText(path, "keep me");
                break;
            case "directory":
                Directory.CreateDirectory(path);
                break;
            default:
                File.CreateSymbolicLink(path, target);
                break;
        }

        var text = await StartFailureAsync(path);

        Assert.Contains($"BridgeAgent:WorkloadApi:SocketPath: cannot serve on {path}: {path} exists and {problem}", text, StringComparison.Ordinal);
        Assert.True(Path.Exists(path));
        Assert.Equal("keep me", File.ReadAllText(target));
    }

    [Theory]
    [InlineData(0b111_111_111, "writable by group or others without the sticky bit")]
    [InlineData(0b111_111_101, "writable by group or others without the sticky bit")]
    [InlineData(0b111_101_111, "writable by group or others without the sticky bit")]
    public async Task Start_RefusesAParentDirectoryOthersCanWriteWithoutTheStickyBit(int mode, string problem)
    {
        var parent = Path.Combine(_directory, "open");
        Directory.CreateDirectory(parent);
        File.SetUnixFileMode(parent, (UnixFileMode)mode);

        var text = await StartFailureAsync(Path.Combine(parent, "agent.sock"));

        Assert.Contains(problem, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AcceptsAWorldWritableParentWithTheStickyBit()
    {
        var parent = Path.Combine(_directory, "tmp-like");
        Directory.CreateDirectory(parent);
        File.SetUnixFileMode(parent, (UnixFileMode)0b1_111_111_111);

        await using var app = Build(Path.Combine(parent, "agent.sock"));
        await app.StartAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Start_RefusesAParentDirectoryOwnedBySomeoneElse()
    {
        Assert.SkipUnless(Libc.GetEffectiveUserId() == 0, "changing a directory's owner needs root (CI runs as root)");
        var parent = Path.Combine(_directory, "theirs");
        Directory.CreateDirectory(parent);
        var chown = await Bridge.Testing.ExternalTool.RunAsync("chown", null, ["4242", parent], TestContext.Current.CancellationToken);
        Assert.Equal(0, chown.ExitCode);

        var text = await StartFailureAsync(Path.Combine(parent, "agent.sock"));

        Assert.Contains($"its directory {parent} is owned by uid 4242, neither root nor the agent", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:8000", "tcp:// is not served")]
    [InlineData("unix://host/run/agent.sock", "a unix URI must have no authority")]
    [InlineData("run/agent.sock", "must be absolute and normalized")]
    [InlineData("/run/../agent.sock", "must be absolute and normalized")]
    [InlineData("unix:///run/agent.sock?x=1", "must not carry a query")]
    [InlineData("http:///run/agent.sock", "only unix:///absolute/path or an absolute path is served")]
    public async Task Run_WithAnUnusableSocketSetting_ReportsItWithItsFullKey(string value, string problem)
    {
        using var error = new StringWriter();

        var exitCode = await AgentApplication.RunAsync(
            ["--BridgeAgent:ServerUrl=https://bridge.example.org", "--BridgeAgent:TrustDomain=example.org", $"--BridgeAgent:WorkloadApi:SocketPath={value}", "--BridgeAgent:WorkloadApi:MaxMessageBytes=10"],
            error);

        Assert.Equal(AgentStartupErrors.InvalidSettings, exitCode);
        Assert.Contains($"BridgeAgent:WorkloadApi:SocketPath: {problem}", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("BridgeAgent:WorkloadApi:MaxMessageBytes: must be between", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unix:///run/bridge/agent.sock", "/run/bridge/agent.sock")]
    [InlineData("/run/bridge/agent.sock", "/run/bridge/agent.sock")]
    public void SocketSetting_AcceptsTheUriAndThePlainPath(string value, string path)
    {
        Assert.True(WorkloadSocketAddress.TryParse(value, out var parsed, out _));
        Assert.Equal(path, parsed);
    }

    public void Dispose()
    {
        _trustDomain.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private Microsoft.AspNetCore.Builder.WebApplication Build(string socketPath) =>
        WorkloadApiHost.Build(socketPath, new FakeIdentityCache(_trustDomain), new FakeWorkloadAttestation());

    private async Task<string> StartFailureAsync(string socketPath)
    {
        await using var app = Build(socketPath);
        var exception = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync(TestContext.Current.CancellationToken));
        var (exitCode, text) = AgentStartupErrors.Describe(exception);
        Assert.Equal(AgentStartupErrors.Failed, exitCode);
        return text;
    }
}
