using Bridge.Agent.Interop;
using Bridge.Agent.Node;
using Bridge.Agent.Tests.TestSupport;

namespace Bridge.Agent.Tests.Node;

/// <summary>The data directory: created owner-only, refused when others can read it, another user owns it, or it is a link; damaged data means attesting again.</summary>
public sealed class AgentDataDirectoryTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private IidExchange _exchange = null!;

    public async ValueTask InitializeAsync() => _exchange = await IidExchange.StartAsync();

    [Theory]
    [InlineData(0b111_101_101)] // 0755
    [InlineData(0b111_000_111)] // 0707
    [InlineData(0b111_111_000)] // 0770
    public async Task Start_WithAGroupOrWorldAccessibleDirectory_IsRefusedNamingTheSetting(int mode)
    {
        Directory.CreateDirectory(_directory.Data);
        SetMode(_directory.Data, (UnixFileMode)mode);
        await using var agent = TestAgent.Create(_exchange, _directory.Data);

        var failure = await Assert.ThrowsAsync<AgentDataDirectoryException>(agent.StartAsync);

        Assert.StartsWith("BridgeAgent:DataDirectory: " + _directory.Data + " is accessible to group or others", failure.Message, StringComparison.Ordinal);
        Assert.Empty(agent.Calls);
    }

    [Fact]
    public async Task Start_WithAWorldReadableSvidFile_IsRefused()
    {
        await using (await TestAgent.Create(_exchange, _directory.Data).StartAndWaitAsync())
        {
        }

        var file = Path.Combine(_directory.Data, AgentIdentityStore.SvidFileName);
        SetMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        await using var agent = TestAgent.Create(_exchange, _directory.Data);

        var failure = await Assert.ThrowsAsync<AgentDataDirectoryException>(agent.StartAsync);

        Assert.Contains(file + " is accessible to group or others", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithADirectoryOwnedBySomeoneElse_IsRefused()
    {
        Assert.SkipUnless(Environment.UserName == "root" || Libc.GetEffectiveUserId() == 0, "changing a file's owner needs root (CI runs as root)");
        Directory.CreateDirectory(_directory.Data);
        SetMode(_directory.Data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var chown = System.Diagnostics.Process.Start("chown", ["4242", _directory.Data]);
        await chown.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, chown.ExitCode);
        await using var agent = TestAgent.Create(_exchange, _directory.Data);

        var failure = await Assert.ThrowsAsync<AgentDataDirectoryException>(agent.StartAsync);

        Assert.Contains("is owned by user 4242, not by the agent's user", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithADataDirectoryThatIsASymbolicLink_IsRefused()
    {
        var target = Path.Combine(_directory.Path, "elsewhere");
        Directory.CreateDirectory(target);
        SetMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.CreateSymbolicLink(_directory.Data, target);
        await using var agent = TestAgent.Create(_exchange, _directory.Data);

        var failure = await Assert.ThrowsAsync<AgentDataDirectoryException>(agent.StartAsync);

        Assert.Contains("is a symbolic link", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithADamagedSvidFile_AttestsAgainAsAReattestation()
    {
        await using (await TestAgent.Create(_exchange, _directory.Data).StartAndWaitAsync())
        {
        }

        await File.WriteAllTextAsync(Path.Combine(_directory.Data, AgentIdentityStore.SvidFileName), "-----BEGIN CERTIFICATE-----\ngarbage\n", TestContext.Current.CancellationToken);
        _exchange.Sts.SessionClaims["ec2_source_instance_arn"] = IidExchange.InstanceArn;
        var settings = new Dictionary<string, string?> { ["BridgeAgent:NodeAttestor:ReattestWithWebIdentityToken"] = "true" };

        await using var agent = await TestAgent.Create(_exchange, _directory.Data, settings).StartAndWaitAsync();

        // Known to have attested before, it sends the presence proof on the first try.
        Assert.Equal(["POST /agent/v1/attest 200"], agent.CallsTo("POST /agent/v1/attest"));
        Assert.Single(_exchange.Sts.IssuedTokens);
    }

    [Fact]
    public async Task Save_LeavesNoTemporaryFilesAndReplacesTheSvid()
    {
        await using var agent = await TestAgent.Create(_exchange, _directory.Data).StartAndWaitAsync();

        agent.Store.Save(agent.Credentials);

        Assert.Equal(2, Directory.GetFiles(_directory.Data).Length);
        var loaded = agent.Store.Load(Bridge.Spiffe.Id.TrustDomain.Parse(IidExchange.TrustDomainName), out var reason);
        Assert.Null(reason);
        Assert.Equal(agent.Serial, loaded!.SerialNumber);
    }

    public async ValueTask DisposeAsync()
    {
        await _exchange.DisposeAsync();
        _directory.Dispose();
    }

    private static void SetMode(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException();
        }

        File.SetUnixFileMode(path, mode);
    }
}
