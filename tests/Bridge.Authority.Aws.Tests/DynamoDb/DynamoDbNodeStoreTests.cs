using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bridge.Abstractions;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Nodes;
using Bridge.Authority.Aws.DynamoDb;
using Bridge.Spiffe.Id;
using Bridge.Testing.Aws.DynamoDb;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Authority.Aws.Tests.DynamoDb;

public sealed class DynamoDbNodeStoreTests(DynamoDbLocalFixture dynamoDb) : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _table = DynamoDbLocalFixture.NewTableName("nodes");
    private readonly AmazonDynamoDBClient _client = dynamoDb.CreateClient();
    private readonly DynamoDbWireHandler _wire = new();
    private readonly FakeTimeProvider _time = new(Start);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        await dynamoDb.CreateTableAsync(DynamoDbTableSchema.CreateTableRequest(_table), Ct);

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        _wire.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task TryCreate_StoresDocumentedItemWithTtlAtSvidExpiryPlusGrace()
    {
        var node = Node() with { SvidExpiresAt = Start.AddHours(1).AddMilliseconds(1), PendingSvidSerialNumber = "0b" };

        await CreateStore(_client).TryCreateAsync(node, Ct);

        var item = await RawItemAsync(node.AgentId);
        Assert.Equal("node", item["pk"].S);
        Assert.Equal(node.AgentId.ToString(), item["sk"].S);
        Assert.Equal("aws_iid", item["attestor"].S);
        Assert.Equal("123456789012/us-east-1/i-1", item["fingerprint"].S);
        Assert.Equal(["aws_iid:account_id:123456789012"], item["selectors"].L.Select(v => v.S));
        Assert.Equal("2030-01-01T00:00:00.0000000+00:00", item["first_attested_at"].S);
        Assert.Equal("0a", item["svid_serial"].S);
        Assert.Equal("0b", item["pending_svid_serial"].S);
        Assert.False(item["banned"].BOOL);
        Assert.Equal("1", item["revision"].N);

        // Rounded up: DynamoDB never deletes a record before it is stale.
        Assert.Equal((Start.AddHours(2).ToUnixTimeSeconds() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), item["expires_at"].N);
    }

    [Fact]
    public async Task Ban_RemovesTtlAttributeSoDynamoDbNeverLiftsTheBan()
    {
        var store = CreateStore(_client);
        await store.TryCreateAsync(Node(), Ct);

        await store.BanAsync(Node().AgentId, Ct);

        var item = await RawItemAsync(Node().AgentId);
        Assert.True(item["banned"].BOOL);
        Assert.False(item.ContainsKey("expires_at"));
    }

    [Fact]
    public async Task TryCreate_ResponseLostAndSdkRetries_IsNotMistakenForASecondAttestation()
    {
        using var client = dynamoDb.CreateClient(wire: _wire);
        _wire.Inject(DynamoDbFault.LoseResponse, "PutItem", times: 1);

        var result = await CreateStore(client).TryCreateAsync(Node(), Ct);

        Assert.Equal(["PutItem", "PutItem"], _wire.Requests);
        Assert.Equal(NodeWriteStatus.Succeeded, result.Status);
        Assert.Equal(NodeWriteStatus.AlreadyExists, (await CreateStore(_client).TryCreateAsync(Node() with { SvidSerialNumber = "0c" }, Ct)).Status);
    }

    [Fact]
    public async Task Update_ResponseLostAndSdkRetries_ReportsTheRenewalThatLanded()
    {
        var created = (await CreateStore(_client).TryCreateAsync(Node(), Ct)).Node!;
        using var client = dynamoDb.CreateClient(wire: _wire);
        _wire.Inject(DynamoDbFault.LoseResponse, "PutItem", times: 1);

        var result = await CreateStore(client).UpdateAsync(created with { SvidSerialNumber = "0d" }, Ct);

        Assert.Equal(NodeWriteStatus.Succeeded, result.Status);
        Assert.Equal(2, (await CreateStore(_client).GetAsync(created.AgentId, Ct))!.Revision);
    }

    [Theory]
    [InlineData(DynamoDbFault.Throttle)]
    [InlineData(DynamoDbFault.Unreachable)]
    public async Task Operations_OutageBeyondRetries_ThrowDependencyUnavailableAndWriteNothing(DynamoDbFault fault)
    {
        using var client = dynamoDb.CreateClient(maxErrorRetry: 1, wire: _wire);
        var store = CreateStore(client);
        _wire.Inject(fault);

        await Assert.ThrowsAsync<DependencyUnavailableException>(async () => await store.TryCreateAsync(Node(), Ct));
        await Assert.ThrowsAsync<DependencyUnavailableException>(async () => await store.GetAsync(Node().AgentId, Ct));
        await Assert.ThrowsAsync<DependencyUnavailableException>(async () => await store.UpdateAsync(Node() with { Revision = 1 }, Ct));
        await Assert.ThrowsAsync<DependencyUnavailableException>(async () => await store.BanAsync(Node().AgentId, Ct));
        await Assert.ThrowsAsync<DependencyUnavailableException>(async () => await store.DeleteAsync(Node().AgentId, null, Ct));
        await Assert.ThrowsAsync<DependencyUnavailableException>(async () => await store.ListAsync(null, 10, Ct));

        Assert.Empty((await CreateStore(_client).ListAsync(null, 10, Ct)).Nodes);
    }

    [Fact]
    public async Task Get_ForeignItemInNodePartition_ThrowsInvalidData()
    {
        await _client.PutItemAsync(new PutItemRequest
        {
            TableName = _table,
            Item = new() { ["pk"] = new AttributeValue { S = "node" }, ["sk"] = new AttributeValue { S = Node().AgentId.ToString() } },
        }, Ct);

        await Assert.ThrowsAsync<InvalidDataException>(async () => await CreateStore(_client).GetAsync(Node().AgentId, Ct));
    }

    [Fact]
    public void Constructor_InvalidOptions_ReportsEveryError()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => new DynamoDbNodeStore(
            _client, Options.Create(new DynamoDbNodeStoreOptions { TableName = "x", ExpiryGrace = TimeSpan.FromDays(-1) }), _time));

        Assert.Equal(2, ex.Failures.Count());
    }

    private static NodeRecord Node() => new()
    {
        AgentId = SpiffeId.Parse("spiffe://example.org/bridge/agent/aws_iid/123456789012/us-east-1/i-1"),
        AttestorName = "aws_iid",
        AttestationFingerprint = "123456789012/us-east-1/i-1",
        Selectors = [Selector.Parse("aws_iid:account_id:123456789012")],
        FirstAttestedAt = Start,
        LastAttestedAt = Start,
        SvidSerialNumber = "0a",
        SvidExpiresAt = Start.AddHours(1),
    };

    private DynamoDbNodeStore CreateStore(IAmazonDynamoDB client) =>
        new(client, Options.Create(new DynamoDbNodeStoreOptions { TableName = _table, ExpiryGrace = TimeSpan.FromHours(1) }), _time);

    private async Task<Dictionary<string, AttributeValue>> RawItemAsync(SpiffeId agentId) =>
        (await _client.GetItemAsync(new GetItemRequest
        {
            TableName = _table,
            Key = new() { ["pk"] = new AttributeValue { S = "node" }, ["sk"] = new AttributeValue { S = agentId.ToString() } },
            ConsistentRead = true,
        }, Ct)).Item;
}
