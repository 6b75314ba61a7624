using Bridge.Abstractions.Replay;
using Bridge.Authority.Aws.DynamoDb;
using Bridge.Testing.Aws.DynamoDb;
using Bridge.Testing.Conformance;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.Tests.DynamoDb;

public sealed class DynamoDbReplayCacheConformanceTests(DynamoDbLocalFixture dynamoDb) : ReplayCacheConformanceTests, IAsyncLifetime
{
    private readonly string _table = DynamoDbLocalFixture.NewTableName("replay");

    public async ValueTask InitializeAsync()
    {
        await dynamoDb.CreateTableAsync(DynamoDbTableSchema.CreateTableRequest(_table), TestContext.Current.CancellationToken);
        using var client = dynamoDb.CreateClient();
        await client.UpdateTimeToLiveAsync(DynamoDbTableSchema.EnableTimeToLiveRequest(_table), TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected override IReplayCache CreateCache(TimeProvider time) =>
        new DynamoDbReplayCache(dynamoDb.CreateClient(), Options.Create(new DynamoDbReplayCacheOptions { TableName = _table }), time);
}
