using Bridge.Abstractions.Registration;
using Bridge.Authority.Aws.DynamoDb;
using Bridge.Testing.Aws.DynamoDb;
using Bridge.Testing.Conformance;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.Tests.DynamoDb;

/// <summary>The conformance suite with the entry index checking the table revision on every match.</summary>
public sealed class DynamoDbRegistrationStoreZeroIntervalConformanceTests(DynamoDbLocalFixture dynamoDb) : RegistrationStoreConformanceTests
{
    protected override async ValueTask<IRegistrationStore> CreateStoreAsync()
    {
        var table = DynamoDbLocalFixture.NewTableName("entries");
        await dynamoDb.CreateTableAsync(DynamoDbTableSchema.CreateTableRequest(table), Ct);
        var options = new DynamoDbRegistrationStoreOptions { TableName = table, IndexRefreshInterval = TimeSpan.Zero };
        return new DynamoDbRegistrationStore(dynamoDb.CreateClient(), Options.Create(options), TimeProvider.System);
    }
}
