using Bridge.Abstractions.Registration;
using Bridge.Authority.Aws.DynamoDb;
using Bridge.Testing.Aws.DynamoDb;
using Bridge.Testing.Conformance;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.Tests.DynamoDb;

public sealed class DynamoDbRegistrationStoreConformanceTests(DynamoDbLocalFixture dynamoDb) : RegistrationStoreConformanceTests
{
    protected override async ValueTask<IRegistrationStore> CreateStoreAsync()
    {
        var table = DynamoDbLocalFixture.NewTableName("entries");
        await dynamoDb.CreateTableAsync(DynamoDbTableSchema.CreateTableRequest(table), Ct);
        return new DynamoDbRegistrationStore(dynamoDb.CreateClient(), Options.Create(new DynamoDbRegistrationStoreOptions { TableName = table }), TimeProvider.System);
    }
}
