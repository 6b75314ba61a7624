using System.Runtime.Versioning;
using System.Text.Json;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Nodes;
using Bridge.Authority.Local.Nodes;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Cli.Tests.Agents;

/// <summary><c>bridge agent</c> against the local node record file, with a service-side store instance over the same file.</summary>
public sealed class AgentFileCommandTests : IDisposable
{
    private const string Prefix = "spiffe://example.org/bridge/agent/aws_iid/123456789012/us-east-1/";
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("bridge-agent-cli-");
    private readonly FakeTimeProvider _time = new(Start);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string NodesFile => Path.Combine(_dir.FullName, "nodes.json");

    private Dictionary<string, string?> Environment => new() { ["Bridge:Backends:NodesFile"] = NodesFile };

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task List_ShowsEachAgentWithItsStatusAndCounts()
    {
        await SeedActiveStaleAndBannedAsync();

        var (exit, output) = await RunAsync("list");

        Assert.True(exit == 0, output);
        var words = AgentCli.Words(output);
        Assert.Contains("Agent ID Attestor First attested Last attested SVID expires Status", words, StringComparison.Ordinal);
        Assert.Contains("i-active aws_iid 2030-01-01 00:00:00Z 2030-01-01 00:00:00Z 2030-01-01 03:00:00Z active", words, StringComparison.Ordinal);
        Assert.Contains("i-stale aws_iid 2030-01-01 00:00:00Z 2030-01-01 00:00:00Z 2030-01-01 01:00:00Z stale", words, StringComparison.Ordinal);
        Assert.Contains("i-banned aws_iid 2030-01-01 00:00:00Z 2030-01-01 00:00:00Z 2030-01-01 01:00:00Z banned", words, StringComparison.Ordinal);
        Assert.Contains($"3 agents in {NodesFile} (3 in all: 1 active, 1 stale, 1 banned;", words, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--banned", "i-banned")]
    [InlineData("--stale", "i-stale")]
    public async Task List_Filter_ShowsOnlyThoseAgents(string filter, string shown)
    {
        await SeedActiveStaleAndBannedAsync();

        var (exit, output) = await RunAsync("list", filter, "--json");

        Assert.True(exit == 0, output);
        using var document = JsonDocument.Parse(output);
        var node = Assert.Single(document.RootElement.GetProperty("nodes").EnumerateArray());
        Assert.Equal(Prefix + shown, node.GetProperty("agent_id").GetString());
    }

    [Fact]
    public async Task List_BannedAndStaleTogether_IsAUsageError()
    {
        var (exit, _) = await RunAsync("list", "--banned", "--stale");

        Assert.NotEqual(0, exit);
    }

    [Fact]
    public async Task List_MoreThanOnePage_ShowsEveryAgent()
    {
        // Written directly: 1,001 attestations through the store would rewrite the file 1,001 times.
        var nodes = Enumerable.Range(0, INodeStore.MaxPageSize + 1).Select(i => Node($"i-{i:D5}") with { Revision = 1 });
        await File.WriteAllBytesAsync(NodesFile, NodeRecordJson.Serialize(nodes), Ct);
        OwnerOnly(NodesFile);

        var (exit, output) = await RunAsync("list", "--json");

        Assert.True(exit == 0, output);
        using var document = JsonDocument.Parse(output);
        Assert.Equal(INodeStore.MaxPageSize + 1, document.RootElement.GetProperty("nodes").GetArrayLength());
    }

    [Fact]
    public async Task Show_PrintsEveryField()
    {
        var node = Node("i-1") with { PendingSvidSerialNumber = "beef", EvidenceIssuedAt = Start.AddMinutes(-3) };
        await ServiceStore().TryCreateAsync(node, Ct);

        var (exit, output) = await RunAsync("show", Prefix + "i-1");

        Assert.True(exit == 0, output);
        var words = AgentCli.Words(output);
        Assert.Contains("Status active", words, StringComparison.Ordinal);
        Assert.Contains("Attestation fingerprint 123456789012/us-east-1/i-1", words, StringComparison.Ordinal);
        Assert.Contains("Selectors aws_iid:account_id:123456789012 aws_iid:tag:role:web", words, StringComparison.Ordinal);
        Assert.Contains("Evidence issued 2029-12-31 23:57:00Z", words, StringComparison.Ordinal);
        Assert.Contains("SVID serial 0a1b2c", words, StringComparison.Ordinal);
        Assert.Contains("Pending SVID serial beef", words, StringComparison.Ordinal);
        Assert.Contains("Stale from 2030-01-02 01:00:00Z", words, StringComparison.Ordinal);
        Assert.Contains("Revision 1", words, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Json_HoldsTheRecordFieldsAndStatus()
    {
        await ServiceStore().TryCreateAsync(Node("i-1"), Ct);

        var (exit, output) = await RunAsync("show", Prefix + "i-1", "--json");

        Assert.True(exit == 0, output);
        using var document = JsonDocument.Parse(output);
        Assert.Equal("active", document.RootElement.GetProperty("status").GetString());
        Assert.Equal("0a1b2c", document.RootElement.GetProperty("svid_serial_number").GetString());
        Assert.Equal(1, document.RootElement.GetProperty("revision").GetInt64());
        Assert.Equal(2, document.RootElement.GetProperty("selectors").GetArrayLength());
    }

    [Theory]
    [InlineData("show")]
    [InlineData("ban")]
    [InlineData("evict")]
    public async Task Command_UnknownAgent_ExitsOneNamingTheStore(string command)
    {
        var (exit, output) = await RunAsync(command, Prefix + "i-none");

        Assert.Equal(1, exit);
        Assert.Contains($"There is no agent {Prefix}i-none in {NodesFile}", AgentCli.Words(output), StringComparison.Ordinal);
        Assert.False(File.Exists(NodesFile));
    }

    [Theory]
    [InlineData("not-a-spiffe-id", "is not a SPIFFE ID")]
    [InlineData("spiffe://example.org/payments", "is not an agent ID")]
    [InlineData("spiffe://example.org/bridge/nodeset/web", "is not an agent ID")]
    [InlineData("spiffe://other.org/bridge/agent/aws_iid/123456789012/us-east-1/i-1", "is not in trust domain example.org")]
    public async Task Command_NotAnAgentIdOfTheTrustDomain_ExitsTwo(string id, string problem)
    {
        foreach (var command in new[] { "show", "ban", "evict" })
        {
            var (exit, output) = await RunAsync(command, id);

            Assert.Equal(2, exit);
            Assert.Contains(problem, AgentCli.Words(output), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Ban_IsSeenByTheServicesStoreAtItsNextCall()
    {
        var service = ServiceStore();
        var created = (await service.TryCreateAsync(Node("i-1"), Ct)).Node!;

        var (exit, output) = await RunAsync("ban", Prefix + "i-1");

        Assert.True(exit == 0, output);
        Assert.Contains("it can neither renew nor attest again until evicted", AgentCli.Words(output), StringComparison.Ordinal);
        Assert.True((await service.GetAsync(created.AgentId, Ct))!.Banned);
        Assert.Equal(NodeWriteStatus.Banned, (await service.UpdateAsync(created with { SvidSerialNumber = "02" }, Ct)).Status);
        Assert.Equal(NodeWriteStatus.AlreadyExists, (await service.TryCreateAsync(Node("i-1", "03"), Ct)).Status);
    }

    [Fact]
    public async Task Evict_BannedAgent_LiftsTheBanAndTheNodeAttestsAgain()
    {
        var service = ServiceStore();
        await service.TryCreateAsync(Node("i-1"), Ct);
        await service.BanAsync(Node("i-1").AgentId, Ct);

        var (exit, output) = await RunAsync("evict", Prefix + "i-1");

        Assert.True(exit == 0, output);
        Assert.Contains("its ban is lifted", AgentCli.Words(output), StringComparison.Ordinal);
        Assert.Null(await service.GetAsync(Node("i-1").AgentId, Ct));
        Assert.Equal(NodeWriteStatus.Succeeded, (await service.TryCreateAsync(Node("i-1", "02"), Ct)).Status);
    }

    [Fact]
    public async Task Evict_OtherRevision_ExitsOneAndKeepsTheRecord()
    {
        await ServiceStore().TryCreateAsync(Node("i-1"), Ct);

        var (exit, output) = await RunAsync("evict", Prefix + "i-1", "--revision", "2");

        Assert.Equal(1, exit);
        Assert.Contains("is not at revision 2; nothing was evicted", AgentCli.Words(output), StringComparison.Ordinal);
        Assert.NotNull(await ServiceStore().GetAsync(Node("i-1").AgentId, Ct));
    }

    [Theory]
    [InlineData("n", 1)]
    [InlineData("", 1)]
    [InlineData("y", 0)]
    [InlineData("yes", 0)]
    public async Task Evict_AtAnInteractiveTerminal_AsksFirst(string answer, int expectedExit)
    {
        await ServiceStore().TryCreateAsync(Node("i-1"), Ct);

        var (exit, output) = await AgentCli.RunInteractiveAsync(Environment, null, _time, answer, "evict", Prefix + "i-1");

        Assert.Equal(expectedExit, exit);
        Assert.Contains($"Evict agent {Prefix}i-1?", AgentCli.Words(output), StringComparison.Ordinal);
        Assert.Equal(expectedExit != 0, await ServiceStore().GetAsync(Node("i-1").AgentId, Ct) is not null);
    }

    [Fact]
    public async Task Evict_InteractiveWithYes_DoesNotAsk()
    {
        await ServiceStore().TryCreateAsync(Node("i-1"), Ct);

        var (exit, output) = await AgentCli.RunInteractiveAsync(Environment, null, _time, "n", "evict", Prefix + "i-1", "--yes");

        Assert.True(exit == 0, output);
        Assert.DoesNotContain("[y/N]", output, StringComparison.Ordinal);
        Assert.Null(await ServiceStore().GetAsync(Node("i-1").AgentId, Ct));
    }

    [Fact]
    public async Task Command_MalformedFile_ExitsTwoWithThePathAndKeepsTheFile()
    {
        await File.WriteAllTextAsync(NodesFile, "{\"nodes\": [ {} ]}", Ct);
        OwnerOnly(NodesFile);

        var (exit, output) = await RunAsync("ban", Prefix + "i-1");

        Assert.Equal(2, exit);
        Assert.Contains($"The node record file '{NodesFile}' is not valid: nodes[0]: agent_id is missing", AgentCli.Words(output), StringComparison.Ordinal);
        Assert.Equal("{\"nodes\": [ {} ]}", await File.ReadAllTextAsync(NodesFile, Ct));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Command_WorldWritableFile_ExitsTwoWithTheChmodFix()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        await ServiceStore().TryCreateAsync(Node("i-1"), Ct);
        File.SetUnixFileMode(NodesFile, File.GetUnixFileMode(NodesFile) | UnixFileMode.OtherWrite);

        var (exit, output) = await RunAsync("list");

        Assert.Equal(2, exit);
        Assert.Contains($"(chmod 600 '{NodesFile}')", AgentCli.Words(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_FileOption_OverridesTheEnvironment()
    {
        var other = Path.Combine(_dir.FullName, "other.json");
        await new FileNodeStore(Options.Create(new FileNodeStoreOptions { Path = other }), _time).TryCreateAsync(Node("i-other"), Ct);

        var (exit, output) = await RunAsync("list", "--file", other);

        Assert.True(exit == 0, output);
        Assert.Contains("i-other", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("InMemory", "The InMemory node store lives inside the service process")]
    [InlineData("Redis", "Bridge:Backends:Nodes: 'Redis' is not one of File, InMemory, DynamoDb.")]
    public async Task Command_StoreTheCliCannotReach_ExitsTwo(string store, string message)
    {
        var (exit, output) = await RunAsync("list", "--store", store);

        Assert.Equal(2, exit);
        Assert.Contains(message, AgentCli.Words(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ExpiryGraceFromTheServiceSettings_DecidesStale()
    {
        await ServiceStore().TryCreateAsync(Node("i-1"), Ct);
        _time.Advance(TimeSpan.FromHours(5));
        var environment = new Dictionary<string, string?>(Environment) { ["Bridge:Backends:NodeExpiryGrace"] = "00:30:00" };

        var (exit, output) = await AgentCli.RunAsync(environment, null, _time, "list", "--stale", "--json");

        Assert.True(exit == 0, output);
        using var document = JsonDocument.Parse(output);
        Assert.Single(document.RootElement.GetProperty("nodes").EnumerateArray());
    }

    private async Task SeedActiveStaleAndBannedAsync()
    {
        var service = ServiceStore();
        await service.TryCreateAsync(Node("i-active") with { SvidExpiresAt = Start.AddHours(3) }, Ct);
        await service.TryCreateAsync(Node("i-stale"), Ct);
        await service.TryCreateAsync(Node("i-banned"), Ct);
        await service.BanAsync(Node("i-banned").AgentId, Ct);

        // One hour of SVID plus one day of grace: i-stale is stale, i-active (three hours) is not yet, i-banned never.
        _time.Advance(TimeSpan.FromHours(25) + TimeSpan.FromMinutes(30));
    }

    private Task<(int Exit, string Output)> RunAsync(params string[] args) => AgentCli.RunAsync(Environment, null, _time, args);

    /// <summary>The store the service would build over the same file (another instance, as another process has).</summary>
    private FileNodeStore ServiceStore() => new(Options.Create(new FileNodeStoreOptions { Path = NodesFile }), _time);

    private static void OwnerOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static NodeRecord Node(string instance, string serial = "0a1b2c") => new()
    {
        AgentId = SpiffeId.Parse(Prefix + instance),
        AttestorName = "aws_iid",
        AttestationFingerprint = $"123456789012/us-east-1/{instance}",
        Selectors = [Selector.Parse("aws_iid:account_id:123456789012"), Selector.Parse("aws_iid:tag:role:web")],
        FirstAttestedAt = Start,
        LastAttestedAt = Start,
        SvidSerialNumber = serial,
        SvidExpiresAt = Start.AddHours(1),
    };
}
