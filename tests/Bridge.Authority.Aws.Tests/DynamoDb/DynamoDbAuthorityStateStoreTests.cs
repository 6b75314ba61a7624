using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bridge.Abstractions;
using Bridge.Authority.Aws.DynamoDb;
using Bridge.Testing.Aws.DynamoDb;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.Tests.DynamoDb;

public sealed class DynamoDbAuthorityStateStoreTests(DynamoDbLocalFixture dynamoDb) : IAsyncLifetime
{
    private readonly string _table = DynamoDbLocalFixture.NewTableName("state");
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
    public async Task TryWrite_StoresDocumentedItem()
    {
        await CreateStore(_client).TryWriteAsync("jwt-keys", Encoding.UTF8.GetBytes("{}"), 0, Ct);

        var item = (await _client.GetItemAsync(new GetItemRequest
        {
            TableName = _table,
            Key = new() { ["pk"] = new AttributeValue { S = "state#jwt-keys" }, ["sk"] = new AttributeValue { S = "state" } },
            ConsistentRead = true,
        }, Ct)).Item;
        Assert.Equal("{}", Encoding.UTF8.GetString(item["content"].B.ToArray()));
        Assert.Equal("1", item["revision"].N);
        Assert.Equal(["content", "pk", "revision", "sk"], item.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TryWrite_ResponseLostAndSdkRetries_ReportsTheWriteThatLanded()
    {
        using var client = dynamoDb.CreateClient(wire: _wire);
        var store = CreateStore(client);
        _wire.Inject(DynamoDbFault.LoseResponse, "PutItem", times: 1);

        var written = await store.TryWriteAsync("ca", Encoding.UTF8.GetBytes("mine"), 0, Ct);

        // The retry found the document at revision 1 with this content: its own write, not a lost race.
        Assert.Equal(["PutItem", "PutItem"], _wire.Requests);
        Assert.NotNull(written);
        Assert.Equal(1, written.Revision);
    }

    [Theory]
    [InlineData(DynamoDbFault.Throttle)]
    [InlineData(DynamoDbFault.ServiceUnavailable)]
    [InlineData(DynamoDbFault.Unreachable)]
    public async Task Operations_OutageBeyondRetries_ThrowDependencyUnavailableAndWriteNothing(DynamoDbFault fault)
    {
        using var client = dynamoDb.CreateClient(maxErrorRetry: 2, wire: _wire);
        var store = CreateStore(client);
        _wire.Inject(fault);

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => store.TryWriteAsync("ca", Encoding.UTF8.GetBytes("x"), 0, Ct));
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => store.GetAsync("ca", Ct));

        // The SDK retried (bounded), then gave up.
        Assert.Equal(6, _wire.Requests.Count);
        Assert.Null(await CreateStore(_client).GetAsync("ca", Ct));
    }

    [Fact]
    public async Task Operations_ThrottledOnceThenServed_Succeed()
    {
        using var client = dynamoDb.CreateClient(maxErrorRetry: 2, wire: _wire);
        var store = CreateStore(client);
        _wire.Inject(DynamoDbFault.Throttle, times: 1);

        Assert.NotNull(await store.TryWriteAsync("ca", Encoding.UTF8.GetBytes("x"), 0, Ct));
        Assert.Equal(["PutItem", "PutItem"], _wire.Requests);
    }

    [Fact]
    public async Task Get_ForeignItemUnderStateKey_ThrowsInvalidData()
    {
        await _client.PutItemAsync(new PutItemRequest
        {
            TableName = _table,
            Item = new() { ["pk"] = new AttributeValue { S = "state#odd" }, ["sk"] = new AttributeValue { S = "state" }, ["revision"] = new AttributeValue { S = "x" } },
        }, Ct);

        await Assert.ThrowsAsync<InvalidDataException>(() => CreateStore(_client).GetAsync("odd", Ct));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsOptionsValidation()
    {
        Assert.Throws<OptionsValidationException>(
            () => new DynamoDbAuthorityStateStore(_client, Options.Create(new DynamoDbAuthorityStateStoreOptions { TableName = "x" })));
    }

    private DynamoDbAuthorityStateStore CreateStore(IAmazonDynamoDB client) =>
        new(client, Options.Create(new DynamoDbAuthorityStateStoreOptions { TableName = _table }));
}
