using Bridge.Abstractions.State;
using Bridge.Authority.Aws.DynamoDb;
using Bridge.Testing.Aws.DynamoDb;
using Bridge.Testing.Conformance;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.Tests.DynamoDb;

public sealed class DynamoDbAuthorityStateStoreConformanceTests(DynamoDbLocalFixture dynamoDb) : AuthorityStateStoreConformanceTests, IAsyncLifetime
{
    private readonly string _table = DynamoDbLocalFixture.NewTableName("state");

    public async ValueTask InitializeAsync() =>
        await dynamoDb.CreateTableAsync(DynamoDbTableSchema.CreateTableRequest(_table), TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected override IAuthorityStateStore CreateStore() =>
        new DynamoDbAuthorityStateStore(dynamoDb.CreateClient(), Options.Create(new DynamoDbAuthorityStateStoreOptions { TableName = _table }));
}
