using Bridge.Abstractions.Nodes;
using Bridge.Authority.Aws.DynamoDb;
using Bridge.Testing.Aws.DynamoDb;
using Bridge.Testing.Conformance;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.Tests.DynamoDb;

public sealed class DynamoDbNodeStoreConformanceTests(DynamoDbLocalFixture dynamoDb) : NodeStoreConformanceTests, IAsyncLifetime
{
    private readonly string _table = DynamoDbLocalFixture.NewTableName("nodes");

    public async ValueTask InitializeAsync() =>
        await dynamoDb.CreateTableAsync(DynamoDbTableSchema.CreateTableRequest(_table), Ct);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected override ValueTask<INodeStore> CreateStoreAsync(TimeProvider time, TimeSpan expiryGrace) =>
        ValueTask.FromResult<INodeStore>(new DynamoDbNodeStore(
            dynamoDb.CreateClient(), Options.Create(new DynamoDbNodeStoreOptions { TableName = _table, ExpiryGrace = expiryGrace }), time));
}
