using System.Runtime.Versioning;
using Bridge.Abstractions;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Nodes;
using Bridge.Authority.Local.Nodes;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Authority.Tests.Nodes;

public sealed class FileNodeStoreTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("bridge-nodes-");
    private readonly FakeTimeProvider _time = new(Start);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string StateDirectory => Path.Combine(_root.FullName, "state");

    private string FilePath => Path.Combine(StateDirectory, "nodes.json");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Ban_ByOneInstance_IsSeenByAnotherInstancesNextCall()
    {
        // The service's store and the bridge command's store are two instances (two processes) over one file.
        var service = Store();
        var cli = Store();
        var created = (await service.TryCreateAsync(Node("i-1"), Ct)).Node!;

        Assert.Equal(NodeWriteStatus.Succeeded, (await cli.BanAsync(created.AgentId, Ct)).Status);

        Assert.True((await service.GetAsync(created.AgentId, Ct))!.Banned);
        Assert.Equal(NodeWriteStatus.Banned, (await service.UpdateAsync(created with { SvidSerialNumber = "02" }, Ct)).Status);
        Assert.Equal(NodeWriteStatus.AlreadyExists, (await service.TryCreateAsync(Node("i-1", "03"), Ct)).Status);
    }

    [Fact]
    public async Task Delete_ByOneInstance_LetsAnotherInstanceAttestAgain()
    {
        var service = Store();
        var cli = Store();
        await service.TryCreateAsync(Node("i-1"), Ct);
        await cli.BanAsync(Node("i-1").AgentId, Ct);

        Assert.Equal(NodeWriteStatus.Succeeded, (await cli.DeleteAsync(Node("i-1").AgentId, null, Ct)).Status);

        Assert.Equal(NodeWriteStatus.Succeeded, (await service.TryCreateAsync(Node("i-1", "02"), Ct)).Status);
    }

    [Fact]
    public async Task Update_AfterAnotherInstanceRenewed_ReturnsConflictAndKeepsTheirs()
    {
        var first = Store();
        var second = Store();
        var created = (await first.TryCreateAsync(Node("i-1", "01"), Ct)).Node!;
        await second.UpdateAsync(created with { SvidSerialNumber = "02" }, Ct);

        Assert.Equal(NodeWriteStatus.Conflict, (await first.UpdateAsync(created with { SvidSerialNumber = "03" }, Ct)).Status);
        Assert.Equal("02", (await first.GetAsync(created.AgentId, Ct))!.SvidSerialNumber);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task TryCreate_FirstWrite_CreatesOwnerOnlyDirectoryFileAndLock()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");

        await Store().TryCreateAsync(Node("i-1"), Ct);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(StateDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath + ".lock"));
        Assert.DoesNotContain(Directory.EnumerateFiles(StateDirectory), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(UnixFileMode.GroupWrite)]
    [InlineData(UnixFileMode.OtherWrite)]
    [UnsupportedOSPlatform("windows")]
    public async Task Operations_FileWritableByGroupOrOthers_AreRefused(UnixFileMode extra)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        var store = Store();
        await store.TryCreateAsync(Node("i-1"), Ct);
        File.SetUnixFileMode(FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | extra);
        var before = await File.ReadAllBytesAsync(FilePath, Ct);

        var read = await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetAsync(Node("i-1").AgentId, Ct).AsTask());
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.BanAsync(Node("i-1").AgentId, Ct).AsTask());
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.ListAsync(null, 10, Ct).AsTask());

        Assert.Contains("chmod 600", read.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(FilePath, Ct));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Operations_GroupReadableFile_AreAllowed()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        var store = Store();
        await store.TryCreateAsync(Node("i-1"), Ct);
        File.SetUnixFileMode(FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        Assert.NotNull(await store.GetAsync(Node("i-1").AgentId, Ct));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Operations_DirectoryWritableByOthers_AreRefused()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix file modes");
        Directory.CreateDirectory(StateDirectory);
        File.SetUnixFileMode(StateDirectory, (UnixFileMode)0x1FF);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Store().TryCreateAsync(Node("i-1"), Ct).AsTask());
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store().GetAsync(Node("i-1").AgentId, Ct).AsTask());

        Assert.Contains("chmod 700", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(FilePath));
    }

    [Fact]
    public async Task Read_MissingDirectory_ReturnsNothingAndCreatesNothing()
    {
        Assert.Null(await Store().GetAsync(Node("i-1").AgentId, Ct));
        Assert.Empty((await Store().ListAsync(null, 10, Ct)).Nodes);

        Assert.False(Directory.Exists(StateDirectory));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"nodes\":[{\"agent_id\":\"spiffe://example.org/x\"}]}")]
    [InlineData("{\"nodes\":[],\"extra\":1}")]
    public async Task Operations_MalformedFile_FailClearlyAndLeaveItAlone(string content)
    {
        Directory.CreateDirectory(StateDirectory);
        await File.WriteAllTextAsync(FilePath, content, Ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(FilePath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Store().GetAsync(Node("i-1").AgentId, Ct).AsTask());
        await Assert.ThrowsAsync<InvalidDataException>(() => Store().ListAsync(null, 10, Ct).AsTask());
        await Assert.ThrowsAsync<InvalidDataException>(() => Store().TryCreateAsync(Node("i-1"), Ct).AsTask());

        Assert.Contains(FilePath, error.Message, StringComparison.Ordinal);
        Assert.Equal(content, await File.ReadAllTextAsync(FilePath, Ct));
    }

    [Fact]
    public async Task Operations_OneInvalidRecordAmongValidOnes_FailInsteadOfDroppingIt()
    {
        // A banned record that cannot be read must not vanish: dropping it would lift the ban.
        var store = Store();
        await store.TryCreateAsync(Node("i-1"), Ct);
        await store.TryCreateAsync(Node("i-2"), Ct);
        await store.BanAsync(Node("i-2").AgentId, Ct);
        var text = await File.ReadAllTextAsync(FilePath, Ct);
        await File.WriteAllTextAsync(FilePath, text.Replace("\"svid_serial_number\": \"0a1b2c\"", "\"svid_serial_number\": \"XYZ\"", StringComparison.Ordinal), Ct);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.GetAsync(Node("i-1").AgentId, Ct).AsTask());

        Assert.Contains("nodes[0]", error.Message, StringComparison.Ordinal);
        Assert.Contains("SvidSerialNumber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operations_DuplicateAgentId_FailClearly()
    {
        var store = Store();
        await store.TryCreateAsync(Node("i-1"), Ct);
        var text = await File.ReadAllTextAsync(FilePath, Ct);
        var record = text[(text.IndexOf('[', StringComparison.Ordinal) + 1)..text.LastIndexOf(']')];
        await File.WriteAllTextAsync(FilePath, "{\"nodes\":[" + record + "," + record + "]}", Ct);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => store.ListAsync(null, 10, Ct).AsTask());

        Assert.Contains("appears twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_LockHeldByAnotherProcess_WaitsThenReportsUnavailable()
    {
        var store = Store(TimeSpan.FromMilliseconds(20));
        await store.TryCreateAsync(Node("i-1"), Ct);
        using (new FileStream(FilePath + ".lock", FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            await Assert.ThrowsAsync<DependencyUnavailableException>(() => store.BanAsync(Node("i-1").AgentId, Ct).AsTask());
            Assert.False((await store.GetAsync(Node("i-1").AgentId, Ct))!.Banned);
        }

        Assert.Equal(NodeWriteStatus.Succeeded, (await store.BanAsync(Node("i-1").AgentId, Ct)).Status);
    }

    [Fact]
    public async Task File_RoundTripsEveryFieldInTheDocumentedShape()
    {
        var node = Node("i-1") with { PendingSvidSerialNumber = "ff", EvidenceIssuedAt = Start.AddMinutes(-5) };
        await Store().TryCreateAsync(node, Ct);

        var text = await File.ReadAllTextAsync(FilePath, Ct);

        Assert.Contains("\"agent_id\": \"spiffe://example.org/bridge/agent/aws_iid/123456789012/us-east-1/i-1\"", text, StringComparison.Ordinal);
        Assert.Contains("\"evidence_issued_at\": \"2029-12-31T23:55:00Z\"", text, StringComparison.Ordinal);
        Assert.Contains("\"pending_svid_serial_number\": \"ff\"", text, StringComparison.Ordinal);
        Assert.Equal(node with { Revision = 1 }, Assert.Single(NodeRecordJson.Parse(await File.ReadAllBytesAsync(FilePath, Ct))) with { Selectors = node.Selectors });
    }

    [Theory]
    [InlineData("", 1, 1)]
    [InlineData("nodes.json", -1, 1)]
    [InlineData("nodes.json", 1, 0)]
    [InlineData("nodes.json", 400, 1)]
    public void Validator_InvalidOptions_ReportsTheError(string path, int graceDays, int lockSeconds)
    {
        var result = new FileNodeStoreOptionsValidator().Validate(null, new FileNodeStoreOptions
        {
            Path = path,
            ExpiryGrace = TimeSpan.FromDays(graceDays),
            LockTimeout = TimeSpan.FromSeconds(lockSeconds),
        });

        Assert.Single(result.Failures!);
    }

    [Fact]
    public void Validator_EveryProblem_ReportedAtOnce()
    {
        var result = new FileNodeStoreOptionsValidator().Validate(
            null, new FileNodeStoreOptions { ExpiryGrace = TimeSpan.FromDays(-1), LockTimeout = TimeSpan.Zero });

        Assert.Equal(3, result.Failures!.Count());
    }

    private FileNodeStore Store(TimeSpan? lockTimeout = null) => new(
        Options.Create(new FileNodeStoreOptions { Path = FilePath, LockTimeout = lockTimeout ?? TimeSpan.FromSeconds(10) }), _time);

    private static NodeRecord Node(string instance, string serial = "0a1b2c") => new()
    {
        AgentId = SpiffeId.Parse($"spiffe://example.org/bridge/agent/aws_iid/123456789012/us-east-1/{instance}"),
        AttestorName = "aws_iid",
        AttestationFingerprint = $"123456789012/us-east-1/{instance}",
        Selectors = [Selector.Parse("aws_iid:account_id:123456789012")],
        FirstAttestedAt = Start,
        LastAttestedAt = Start,
        SvidSerialNumber = serial,
        SvidExpiresAt = Start.AddHours(1),
    };
}
