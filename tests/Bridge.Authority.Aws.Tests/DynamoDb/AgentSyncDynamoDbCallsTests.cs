using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Amazon.DynamoDBv2;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Nodes;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Agents;
using Bridge.Authority.Aws.DynamoDb;
using Bridge.Authority.Bundles;
using Bridge.Authority.Ca;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Issuance.X509;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;
using Bridge.Spiffe.Id;
using Bridge.Testing.Authority;
using Bridge.Testing.Aws.DynamoDb;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Authority.Aws.Tests.DynamoDb;

/// <summary>
/// Issue 11 item 5: what an agent's sync and batch mint cost in DynamoDB calls, counted request by request over
/// DynamoDB Local. The registration store serves both from its entry index; only the index's periodic check reads.
/// </summary>
public sealed class AgentSyncDynamoDbCallsTests(DynamoDbLocalFixture dynamoDb) : IAsyncLifetime
{
    private const int OtherAgents = 40;
    private const int NodeSets = 20;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private static readonly TrustDomain TrustDomain = TrustDomain.Parse("example.org");
    private readonly string _table = DynamoDbLocalFixture.NewTableName("agents");
    private readonly AmazonDynamoDBClient _client = dynamoDb.CreateClient(maxErrorRetry: 0);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await dynamoDb.CreateTableAsync(DynamoDbTableSchema.CreateTableRequest(_table), Ct);
        var other = Other();
        // The agent's own entries, entries of 40 other agents, 20 node sets of which the node is in every even one.
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(other, $"own-{i}", Agent("i-1"));
        }

        for (var a = 0; a < OtherAgents; a++)
        {
            await CreateAsync(other, $"agent-{a}", Agent($"i-other-{a}"));
        }

        for (var s = 0; s < NodeSets; s++)
        {
            var selector = s % 2 == 0 ? "aws_iid:tag:role:web" : $"aws_iid:tag:role:other-{s}";
            await CreateAsync(other, $"set-{s}", BridgeIds.Server(TrustDomain), BridgeIds.NodeSet(TrustDomain, $"set-{s}").ToString(), ["aws_iid:account:123456789012", selector]);
            for (var e = 0; e < 2; e++)
            {
                await CreateAsync(other, $"set-{s}-{e}", BridgeIds.NodeSet(TrustDomain, $"set-{s}"));
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Sync_WithinTheIndexInterval_MakesNoDynamoDbCalls()
    {
        var (store, counter) = Counted();
        var authorizer = Authorizer(store);
        var node = Node();

        var cold = await authorizer.AuthorizeAsync(node, Ct);
        Assert.Equal(["GetItem", "Query"], counter.Calls);
        Assert.Equal(3 + NodeSets / 2 * 2, cold.Entries.Count);
        counter.Reset();

        _time.Advance(Interval - TimeSpan.FromTicks(1));
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(cold.Revision, (await authorizer.AuthorizeAsync(node, Ct)).Revision);
        }

        Assert.Empty(counter.Calls);
    }

    [Fact]
    public async Task Sync_AfterTheIntervalNothingChanged_MakesOneGetItem()
    {
        var (store, counter) = Counted();
        var authorizer = Authorizer(store);
        var node = Node();
        var before = await authorizer.AuthorizeAsync(node, Ct);
        counter.Reset();

        // One agent polling every 30 s: each poll after the interval costs the index's one revision read, shared by
        // every agent this instance serves in that interval.
        _time.Advance(Interval);
        var after = await authorizer.AuthorizeAsync(node, Ct);
        await authorizer.AuthorizeAsync(node, Ct);

        Assert.Equal(["GetItem"], counter.Calls);
        Assert.Equal(before.Revision, after.Revision);
    }

    [Fact]
    public async Task Sync_AfterAChangeByAnotherInstance_ReloadsOnceAndTheRevisionChanges()
    {
        var (store, counter) = Counted();
        var authorizer = Authorizer(store);
        var node = Node();
        var before = await authorizer.AuthorizeAsync(node, Ct);
        await CreateAsync(Other(), "own-new", Agent("i-1"));
        counter.Reset();

        _time.Advance(Interval);
        var after = await authorizer.AuthorizeAsync(node, Ct);

        Assert.Equal(["GetItem", "Query"], counter.Calls);
        Assert.NotEqual(before.Revision, after.Revision);
        Assert.Contains(after.Entries, e => e.Entry.Id == "own-new");
    }

    [Fact]
    public async Task MintX509Batch_OfTenCsrs_MakesNoDynamoDbCallsWhenWarm()
    {
        var (store, counter) = Counted();
        var options = Options.Create(new AuthorityOptions { TrustDomain = "example.org", Issuer = "https://bridge.example.org" });
        var keys = new InMemoryKeyManager();
        var ca = SingleProcessAuthority.CreateCertificateAuthority(options, keys, SingleProcessAuthority.CreateSelfSignedUpstream(Options.Create(new SelfSignedUpstreamOptions()), options, keys, _time), _time);
        var jwt = SingleProcessAuthority.CreateJwtIssuer(keys, options, _time);
        await ca.InitializeAsync(Ct);
        await jwt.InitializeAsync(Ct);
        var service = new AgentSvidService(
            Authorizer(store), new TrustBundleProvider(jwt, ca, options, _time), jwt, new X509SvidIssuer(ca, _time), ca, options, NullLogger<AgentSvidService>.Instance);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=w", key, HashAlgorithmName.SHA256).CreateSigningRequest();
        var batch = Enumerable.Range(0, 10).Select(i => new AgentX509SvidRequest(i % 2 == 0 ? "own-0" : "set-0-1", csr)).ToList();
        await service.SyncAsync(Node(), Ct);
        counter.Reset();

        var minted = await service.MintX509SvidsAsync(Node(), batch, Ct);

        Assert.True(minted.Succeeded);
        Assert.Equal(10, minted.Value.Count);
        Assert.Empty(counter.Calls);
    }

    private static SpiffeId Agent(string instance) => BridgeIds.Agent(TrustDomain, "aws_iid", ["123456789012", "us-east-1", instance]);

    private NodeRecord Node() => new()
    {
        AgentId = Agent("i-1"),
        AttestorName = "aws_iid",
        AttestationFingerprint = "123456789012/us-east-1/i-1",
        Selectors = [Selector.Parse("aws_iid:account:123456789012"), Selector.Parse("aws_iid:tag:role:web"), Selector.Parse("aws_iid:region:us-east-1")],
        FirstAttestedAt = _time.GetUtcNow(),
        LastAttestedAt = _time.GetUtcNow(),
        SvidSerialNumber = "01",
        SvidExpiresAt = _time.GetUtcNow().AddHours(1),
    };

    private AgentEntryAuthorizer Authorizer(IRegistrationStore store) =>
        new(store, Options.Create(new AuthorityOptions { TrustDomain = "example.org" }), _time);

    private (DynamoDbRegistrationStore Store, CountingDynamoDbProxy Counter) Counted()
    {
        var (client, counter) = CountingDynamoDbProxy.Wrap(_client);
        var options = new DynamoDbRegistrationStoreOptions { TableName = _table, IndexRefreshInterval = Interval };
        return (new DynamoDbRegistrationStore(client, Options.Create(options), _time), counter);
    }

    // Another instance of the exchange or the `bridge entry` tool: its own store over the same table.
    private DynamoDbRegistrationStore Other() =>
        new(_client, Options.Create(new DynamoDbRegistrationStoreOptions { TableName = _table }), TimeProvider.System);

    private static async Task CreateAsync(IRegistrationStore store, string id, SpiffeId parent, string? spiffeId = null, string[]? selectors = null)
    {
        var result = await store.CreateAsync(
            new RegistrationEntry
            {
                Id = id,
                SpiffeId = spiffeId ?? $"spiffe://example.org/workload/{id}",
                ParentId = parent,
                Selectors = [.. (selectors ?? ["unix:uid:1000"]).Select(Selector.Parse)],
                Audiences = ["svc"],
            },
            Ct);
        Assert.Equal(RegistrationWriteStatus.Succeeded, result.Status);
    }
}
