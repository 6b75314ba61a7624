using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Nodes;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Bridge.Testing.Conformance;

/// <summary>
/// The contract every <see cref="INodeStore"/> backend meets. A backend's test project subclasses this with a factory;
/// every store the factory returns for one test must share one storage, as instances of the service do.
/// </summary>
public abstract class NodeStoreConformanceTests
{
    /// <summary>The expiry grace every store of the suite is created with.</summary>
    protected static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The suite's clock; tests move it to make records stale.</summary>
    protected FakeTimeProvider Time { get; } = new(Start);

    /// <summary>The test's cancellation token.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Returns a store over the test's storage, judging staleness with <paramref name="time"/> and <paramref name="expiryGrace"/>.</summary>
    protected abstract ValueTask<INodeStore> CreateStoreAsync(TimeProvider time, TimeSpan expiryGrace);

    /// <summary>A valid record for the instance <paramref name="instance"/>, its SVID valid for one hour from the start.</summary>
    protected static NodeRecord NewNode(string instance, string serial = "0a1b2c") => new()
    {
        AgentId = SpiffeId.Parse($"spiffe://example.org/bridge/agent/aws_iid/123456789012/us-east-1/{instance}"),
        AttestorName = "aws_iid",
        AttestationFingerprint = $"123456789012/us-east-1/{instance}",
        Selectors = [Selector.Parse("aws_iid:account_id:123456789012"), Selector.Parse($"aws_iid:instance:id:{instance}")],
        FirstAttestedAt = Start,
        LastAttestedAt = Start,
        SvidSerialNumber = serial,
        SvidExpiresAt = Start.AddHours(1),
    };

    [Fact]
    public async Task Get_Unknown_ReturnsNull()
    {
        var store = await Store();

        Assert.Null(await store.GetAsync(NewNode("i-unknown").AgentId, Ct));
    }

    [Fact]
    public async Task TryCreate_NewNode_StoresEveryFieldAtRevisionOne()
    {
        var store = await Store();
        var node = NewNode("i-1") with
        {
            PendingSvidSerialNumber = "ff00",
            LastAttestedAt = Start.AddTicks(1234567),
            EvidenceIssuedAt = Start.AddHours(-3).AddTicks(7654321),
            Revision = 7,
        };

        var result = await store.TryCreateAsync(node, Ct);

        Assert.Equal(NodeWriteStatus.Succeeded, result.Status);
        Assert.Equal(1, result.Node!.Revision);
        AssertSameNode(node with { Revision = 1 }, await (await Store()).GetAsync(node.AgentId, Ct));
    }

    [Fact]
    public async Task TryCreate_NodeAlreadyAttested_ReturnsAlreadyExistsAndKeepsOriginal()
    {
        var store = await Store();
        await store.TryCreateAsync(NewNode("i-1", "01"), Ct);

        var second = await store.TryCreateAsync(NewNode("i-1", "02"), Ct);

        Assert.Equal(NodeWriteStatus.AlreadyExists, second.Status);
        Assert.Null(second.Node);
        Assert.Equal("01", (await store.GetAsync(NewNode("i-1").AgentId, Ct))!.SvidSerialNumber);
    }

    [Fact]
    public async Task TryCreate_ConcurrentAttestationsOfOneNode_ExactlyOneSucceeds()
    {
        var attempts = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
            await (await Store()).TryCreateAsync(NewNode("i-race", (i + 1).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)), Ct), Ct));
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Status == NodeWriteStatus.Succeeded);
        Assert.All(results.Where(r => r != winner), r => Assert.Equal(NodeWriteStatus.AlreadyExists, r.Status));
        var stored = await (await Store()).GetAsync(NewNode("i-race").AgentId, Ct);
        Assert.Equal(winner.Node!.SvidSerialNumber, stored!.SvidSerialNumber);
        Assert.Equal(1, stored.Revision);
    }

    [Fact]
    public async Task TryCreate_SvidExpiredWithinGrace_StillAlreadyExists()
    {
        var store = await Store();
        await store.TryCreateAsync(NewNode("i-1", "01"), Ct);
        Time.Advance(TimeSpan.FromHours(1) + Grace - TimeSpan.FromSeconds(1));

        Assert.Equal(NodeWriteStatus.AlreadyExists, (await store.TryCreateAsync(NewNode("i-1", "02"), Ct)).Status);
    }

    [Fact]
    public async Task TryCreate_StaleRecord_ReplacesItAtRevisionOne()
    {
        var store = await Store();
        var first = (await store.TryCreateAsync(NewNode("i-1", "01"), Ct)).Node!;
        await store.UpdateAsync(first with { SvidSerialNumber = "03" }, Ct);
        Time.Advance(TimeSpan.FromHours(1) + Grace);

        var result = await store.TryCreateAsync(NewNode("i-1", "02") with { SvidExpiresAt = Time.GetUtcNow().AddHours(1) }, Ct);

        Assert.Equal(NodeWriteStatus.Succeeded, result.Status);
        var stored = await store.GetAsync(first.AgentId, Ct);
        Assert.Equal("02", stored!.SvidSerialNumber);
        Assert.Equal(1, stored.Revision);
    }

    [Fact]
    public async Task TryCreate_BannedRecordLongExpired_StaysBlocked()
    {
        var store = await Store();
        var node = NewNode("i-1");
        await store.TryCreateAsync(node, Ct);
        await store.BanAsync(node.AgentId, Ct);
        Time.Advance(TimeSpan.FromDays(30));

        Assert.Equal(NodeWriteStatus.AlreadyExists, (await store.TryCreateAsync(NewNode("i-1", "02"), Ct)).Status);
        Assert.True((await store.GetAsync(node.AgentId, Ct))!.Banned);
    }

    [Fact]
    public async Task TryCreate_AfterDelete_AttestsAgain()
    {
        var store = await Store();
        var node = NewNode("i-1");
        await store.TryCreateAsync(node, Ct);
        await store.BanAsync(node.AgentId, Ct);

        Assert.Equal(NodeWriteStatus.Succeeded, (await store.DeleteAsync(node.AgentId, null, Ct)).Status);

        Assert.Null(await store.GetAsync(node.AgentId, Ct));
        Assert.Equal(NodeWriteStatus.Succeeded, (await store.TryCreateAsync(NewNode("i-1", "02"), Ct)).Status);
    }

    [Fact]
    public async Task TryCreate_CallerMutatesSelectorsAfterwards_StoredRecordUnchanged()
    {
        var store = await Store();
        var selectors = new List<Selector> { Selector.Parse("aws_iid:region:us-east-1") };

        await store.TryCreateAsync(NewNode("i-1") with { Selectors = selectors }, Ct);
        selectors.Add(Selector.Parse("aws_iid:region:eu-west-1"));

        Assert.Equal([Selector.Parse("aws_iid:region:us-east-1")], (await store.GetAsync(NewNode("i-1").AgentId, Ct))!.Selectors);
    }

    [Fact]
    public async Task Update_MatchingRevision_StoresNextRevision()
    {
        var store = await Store();
        var created = (await store.TryCreateAsync(NewNode("i-1", "01"), Ct)).Node!;
        var renewed = created with
        {
            SvidSerialNumber = "02",
            PendingSvidSerialNumber = null,
            LastAttestedAt = Start.AddMinutes(30),
            SvidExpiresAt = Start.AddMinutes(90),
        };

        var result = await store.UpdateAsync(renewed, Ct);

        Assert.Equal(NodeWriteStatus.Succeeded, result.Status);
        Assert.Equal(2, result.Node!.Revision);
        AssertSameNode(renewed with { Revision = 2 }, await store.GetAsync(created.AgentId, Ct));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task Update_OtherRevision_ReturnsConflictAndKeepsStored(long revision)
    {
        var store = await Store();
        var created = (await store.TryCreateAsync(NewNode("i-1", "01"), Ct)).Node!;

        var result = await store.UpdateAsync(created with { SvidSerialNumber = "02", Revision = revision }, Ct);

        Assert.Equal(NodeWriteStatus.Conflict, result.Status);
        Assert.Null(result.Node);
        AssertSameNode(created, await store.GetAsync(created.AgentId, Ct));
    }

    [Fact]
    public async Task Update_ConcurrentRenewalsOfOneRevision_ExactlyOneWins()
    {
        var created = (await (await Store()).TryCreateAsync(NewNode("i-1", "01"), Ct)).Node!;

        var renewals = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
            await (await Store()).UpdateAsync(created with { SvidSerialNumber = (i + 16).ToString("x2", System.Globalization.CultureInfo.InvariantCulture) }, Ct), Ct));
        var results = await Task.WhenAll(renewals);

        var winner = Assert.Single(results, r => r.Status == NodeWriteStatus.Succeeded);
        Assert.All(results.Where(r => r != winner), r => Assert.Equal(NodeWriteStatus.Conflict, r.Status));
        var stored = await (await Store()).GetAsync(created.AgentId, Ct);
        Assert.Equal(winner.Node!.SvidSerialNumber, stored!.SvidSerialNumber);
        Assert.Equal(2, stored.Revision);
    }

    [Fact]
    public async Task Update_Unknown_ReturnsNotFoundAndCreatesNothing()
    {
        var store = await Store();

        Assert.Equal(NodeWriteStatus.NotFound, (await store.UpdateAsync(NewNode("i-1") with { Revision = 1 }, Ct)).Status);

        Assert.Null(await store.GetAsync(NewNode("i-1").AgentId, Ct));
    }

    [Fact]
    public async Task Update_BannedRecordAtItsRevision_ReturnsBannedAndKeepsBan()
    {
        var store = await Store();
        await store.TryCreateAsync(NewNode("i-1", "01"), Ct);
        var banned = (await store.BanAsync(NewNode("i-1").AgentId, Ct)).Node!;

        var result = await store.UpdateAsync(banned with { Banned = false, SvidSerialNumber = "02" }, Ct);

        Assert.Equal(NodeWriteStatus.Banned, result.Status);
        AssertSameNode(banned, await store.GetAsync(banned.AgentId, Ct));
    }

    [Fact]
    public async Task Ban_Existing_SetsBannedAndBumpsRevisionIdempotently()
    {
        var store = await Store();
        var created = (await store.TryCreateAsync(NewNode("i-1"), Ct)).Node!;

        var first = await store.BanAsync(created.AgentId, Ct);
        var second = await store.BanAsync(created.AgentId, Ct);

        Assert.Equal(NodeWriteStatus.Succeeded, first.Status);
        AssertSameNode(created with { Banned = true, Revision = 2 }, first.Node);
        Assert.Equal(NodeWriteStatus.Succeeded, second.Status);
        Assert.True(second.Node!.Banned);
        AssertSameNode(second.Node, await store.GetAsync(created.AgentId, Ct));
    }

    [Fact]
    public async Task Ban_Unknown_ReturnsNotFoundAndCreatesNothing()
    {
        var store = await Store();

        Assert.Equal(NodeWriteStatus.NotFound, (await store.BanAsync(NewNode("i-1").AgentId, Ct)).Status);

        Assert.Null(await store.GetAsync(NewNode("i-1").AgentId, Ct));
    }

    [Fact]
    public async Task Delete_OtherRevision_ReturnsConflictAndKeepsRecord()
    {
        var store = await Store();
        var created = (await store.TryCreateAsync(NewNode("i-1"), Ct)).Node!;

        Assert.Equal(NodeWriteStatus.Conflict, (await store.DeleteAsync(created.AgentId, 2, Ct)).Status);
        AssertSameNode(created, await store.GetAsync(created.AgentId, Ct));
        Assert.Equal(NodeWriteStatus.Succeeded, (await store.DeleteAsync(created.AgentId, 1, Ct)).Status);
        Assert.Null(await store.GetAsync(created.AgentId, Ct));
    }

    [Fact]
    public async Task Delete_Unknown_ReturnsNotFound()
    {
        var store = await Store();

        Assert.Equal(NodeWriteStatus.NotFound, (await store.DeleteAsync(NewNode("i-1").AgentId, null, Ct)).Status);
        Assert.Equal(NodeWriteStatus.NotFound, (await store.DeleteAsync(NewNode("i-1").AgentId, 1, Ct)).Status);
    }

    [Fact]
    public async Task List_PagesInAgentIdOrderWithOpaqueTokens()
    {
        var store = await Store();
        string[] instances = ["i-c", "i-a", "i-e", "i-b", "i-d"];
        foreach (var instance in instances)
        {
            await store.TryCreateAsync(NewNode(instance), Ct);
        }

        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await store.ListAsync(token, 2, Ct);
            Assert.InRange(page.Nodes.Count, 1, 2);
            seen.AddRange(page.Nodes.Select(n => n.AgentId.ToString()));
            token = page.NextPageToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(instances.Order(StringComparer.Ordinal).Select(i => NewNode(i).AgentId.ToString()), seen);
    }

    [Fact]
    public async Task List_Empty_ReturnsNoNodesAndNoToken()
    {
        var page = await (await Store()).ListAsync(null, 10, Ct);

        Assert.Empty(page.Nodes);
        Assert.Null(page.NextPageToken);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("n1.!!!")]
    [InlineData("v1.c3BpZmZlOi8vZXhhbXBsZS5vcmcveA")]
    public async Task List_MalformedToken_ThrowsArgumentException(string token)
    {
        var store = await Store();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.ListAsync(token, 10, Ct).AsTask());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(INodeStore.MaxPageSize + 1)]
    public async Task List_PageSizeOutOfRange_Throws(int pageSize)
    {
        var store = await Store();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync(null, pageSize, Ct).AsTask());
    }

    [Fact]
    public async Task Writes_InvalidRecord_ThrowAndStoreNothing()
    {
        var store = await Store();
        NodeRecord[] invalid =
        [
            NewNode("i-1") with { AgentId = default },
            NewNode("i-1") with { AttestorName = "AWS IID" },
            NewNode("i-1") with { AttestationFingerprint = "" },
            NewNode("i-1") with { SvidSerialNumber = "XYZ" },
            NewNode("i-1") with { PendingSvidSerialNumber = "" },
            NewNode("i-1") with { LastAttestedAt = Start.AddSeconds(-1) },
        ];

        foreach (var node in invalid)
        {
            await Assert.ThrowsAsync<ArgumentException>(() => store.TryCreateAsync(node, Ct).AsTask());
            await Assert.ThrowsAsync<ArgumentException>(() => store.UpdateAsync(node with { Revision = 1 }, Ct).AsTask());
        }

        Assert.Empty((await store.ListAsync(null, 10, Ct)).Nodes);
    }

    private ValueTask<INodeStore> Store() => CreateStoreAsync(Time, Grace);

    /// <summary>Asserts that <paramref name="actual"/> holds exactly the fields of <paramref name="expected"/>.</summary>
    protected static void AssertSameNode(NodeRecord expected, NodeRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Selectors = [] }, actual with { Selectors = [] });
        Assert.Equal(expected.Selectors, actual.Selectors);
    }
}
