using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bridge.Abstractions;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Aws.DynamoDb;
using Bridge.Spiffe.Id;
using Bridge.Testing.Aws.DynamoDb;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.Tests.DynamoDb;

/// <summary>Registration writes under faults on the wire: all of a write or none of it, never half.</summary>
public sealed class DynamoDbRegistrationWriteFaultTests(DynamoDbLocalFixture dynamoDb) : IAsyncLifetime
{
    private readonly string _table = DynamoDbLocalFixture.NewTableName("entries");
    private readonly AmazonDynamoDBClient _client = dynamoDb.CreateClient();
    private readonly DynamoDbWireHandler _wire = new();

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
    public async Task Create_SecondActionOfTransactionFails_WritesNeitherEntryNorRevision()
    {
        // The table-revision item holds a string, so the transaction's second action (ADD revision :one) fails on the
        // server after the entry action's condition passed.
        await _client.PutItemAsync(new PutItemRequest
        {
            TableName = _table,
            Item = new() { ["pk"] = new AttributeValue { S = "entry-meta" }, ["sk"] = new AttributeValue { S = "revision" }, ["revision"] = new AttributeValue { S = "broken" } },
        }, Ct);

        await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(async () => await CreateStore(_client).CreateAsync(Entry("web"), Ct));

        Assert.Null(await CreateStore(_client).GetAsync("web", Ct));
    }

    [Fact]
    public async Task Create_ResponseLostAndSdkRetries_WritesEntryAndRevisionOnce()
    {
        using var client = dynamoDb.CreateClient(wire: _wire);
        _wire.Inject(DynamoDbFault.LoseResponse, "TransactWriteItems", times: 1);

        var result = await CreateStore(client).CreateAsync(Entry("web"), Ct);

        // The SDK resends the same client request token, so DynamoDB answers the retry without applying it again.
        Assert.Equal(["TransactWriteItems", "TransactWriteItems"], _wire.Requests);
        Assert.Equal(RegistrationWriteStatus.Succeeded, result.Status);
        Assert.Equal(1, (await CreateStore(_client).GetAsync("web", Ct))!.Revision);
        Assert.Equal("1", (await RevisionItemAsync())["revision"].N);
    }

    [Theory]
    [InlineData(DynamoDbFault.Throttle)]
    [InlineData(DynamoDbFault.ServiceUnavailable)]
    public async Task Writes_OutageBeyondRetries_ThrowDependencyUnavailableAndLeaveEntryUnchanged(DynamoDbFault fault)
    {
        var created = (await CreateStore(_client).CreateAsync(Entry("web"), Ct)).Entry!;
        using var client = dynamoDb.CreateClient(maxErrorRetry: 1, wire: _wire);
        var store = CreateStore(client);
        _wire.Inject(fault, "TransactWriteItems");

        await Assert.ThrowsAsync<DependencyUnavailableException>(async () => await store.CreateAsync(Entry("api"), Ct));
        await Assert.ThrowsAsync<DependencyUnavailableException>(
            async () => await store.UpdateAsync(created with { Hint = "changed" }, Ct));
        await Assert.ThrowsAsync<DependencyUnavailableException>(async () => await store.DeleteAsync("web", 1, Ct));

        var reader = CreateStore(_client);
        Assert.Null(await reader.GetAsync("api", Ct));
        Assert.Equal(created, await reader.GetAsync("web", Ct), new EntryComparer());
        Assert.Equal("1", (await RevisionItemAsync())["revision"].N);
    }

    private DynamoDbRegistrationStore CreateStore(IAmazonDynamoDB client) =>
        new(client, Options.Create(new DynamoDbRegistrationStoreOptions { TableName = _table }), TimeProvider.System);

    private async Task<Dictionary<string, AttributeValue>> RevisionItemAsync() =>
        (await _client.GetItemAsync(new GetItemRequest
        {
            TableName = _table,
            Key = new() { ["pk"] = new AttributeValue { S = "entry-meta" }, ["sk"] = new AttributeValue { S = "revision" } },
            ConsistentRead = true,
        }, Ct)).Item;

    private static RegistrationEntry Entry(string id) => new()
    {
        Id = id,
        SpiffeId = $"spiffe://example.org/workload/{id}",
        ParentId = SpiffeId.Parse("spiffe://example.org/bridge/attestor/aws-sts"),
        Selectors = [Selector.Parse("aws:account:123456789012")],
    };

    private sealed class EntryComparer : IEqualityComparer<RegistrationEntry?>
    {
        public bool Equals(RegistrationEntry? x, RegistrationEntry? y) =>
            x is not null && y is not null && x.Id == y.Id && x.Revision == y.Revision && x.Hint == y.Hint
            && x.SpiffeId == y.SpiffeId && x.Selectors.SequenceEqual(y.Selectors);

        public int GetHashCode(RegistrationEntry? obj) => obj?.Id.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
