using Amazon.Runtime;
using Bridge.Authority.Aws.DynamoDb;
using Bridge.Authority.Aws.Kms;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Bridge.Testing.Aws.DynamoDb;
using Bridge.Testing.Aws.Kms;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Amazon.DynamoDBv2;

namespace Bridge.ExchangeFunction.Tests.Backends;

/// <summary>
/// The exchange configured for AWS — keys in KMS, entries and replay records in DynamoDB — against DynamoDB Local (the
/// real AWS jar) and a protocol-level KMS that signs with real keys. Only configuration selects the backends.
/// </summary>
public sealed class AwsBackendsFixture : IAsyncLifetime
{
    private readonly DynamoDbLocalFixture _dynamoDb = new();

    public FakeKmsServer Kms { get; private set; } = null!;

    public AwsBridgeFactory Bridge { get; private set; } = null!;

    public string TableName { get; } = DynamoDbLocalFixture.NewTableName("bridge-http");

    public IAmazonDynamoDB CreateDynamoDbClient() => _dynamoDb.CreateClient();

    public async ValueTask InitializeAsync()
    {
        await _dynamoDb.InitializeAsync();
        await _dynamoDb.CreateTableAsync(DynamoDbTableSchema.CreateTableRequest(TableName), CancellationToken.None);
        Kms = await FakeKmsServer.StartAsync();
        Bridge = new AwsBridgeFactory(this);
    }

    public async ValueTask DisposeAsync()
    {
        await Bridge.DisposeAsync();
        await Kms.DisposeAsync();
        await _dynamoDb.DisposeAsync();
    }

    /// <summary>The service with <c>Bridge:Backends</c> selecting Kms and DynamoDb.</summary>
    public sealed class AwsBridgeFactory(AwsBackendsFixture aws) : BridgeFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> SettingOverrides =>
        [
            new("Bridge:Backends:Keys", "Kms"),
            new("Bridge:Backends:Registration", "DynamoDb"),
            new("Bridge:Backends:Replay", "DynamoDb"),
            new("Bridge:Backends:DynamoDbTable", aws.TableName),
            new("Bridge:Keys:Kms:AliasNamespace", "http-tests"),
            new("Bridge:Keys:Kms:Region", "us-east-1"),
            new("Bridge:Keys:Kms:ServiceUrl", aws.Kms.ServiceUrl.ToString()),
        ];

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);

            // The endpoints come from configuration in production; here the clients also get explicit test
            // credentials so the SDK never looks for real ones.
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton(_ => aws.CreateDynamoDbClient());
                services.AddSingleton<IKmsClient>(_ => new AwsKmsClient(AwsKmsClient.CreateSdkClient(
                    new KmsKeyManagerOptions { AliasNamespace = "http-tests", Region = "us-east-1", ServiceUrl = aws.Kms.ServiceUrl.ToString() },
                    new BasicAWSCredentials("test", "test"))));
            });
        }
    }
}
