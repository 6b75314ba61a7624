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
public class AwsBackendsFixture : IAsyncLifetime
{
    private readonly DynamoDbLocalFixture _dynamoDb = new();

    public FakeKmsServer Kms { get; private set; } = null!;

    public AwsBridgeFactory Bridge { get; private set; } = null!;

    public string TableName { get; } = DynamoDbLocalFixture.NewTableName("bridge-http");

    /// <summary>Every HTTP request the service's DynamoDB client sends; injects faults on the wire on demand.</summary>
    public DynamoDbWireHandler Wire { get; } = new();

    /// <summary>Every SDK operation the service's stores call, by name.</summary>
    public CountingDynamoDbProxy Counter { get; private set; } = null!;

    /// <summary>The client the service uses: the real SDK client over <see cref="Wire"/>, wrapped by <see cref="Counter"/>.</summary>
    public IAmazonDynamoDB ServiceClient { get; private set; } = null!;

    /// <summary>A separate client for the tests' own reads, seen by neither <see cref="Wire"/> nor <see cref="Counter"/>.</summary>
    public IAmazonDynamoDB CreateDynamoDbClient() => _dynamoDb.CreateClient();

    /// <summary>Stops injecting faults and forgets every recorded request and call.</summary>
    public void ResetDynamoDbTraffic()
    {
        Wire.Reset();
        Counter.Reset();
    }

    public virtual async ValueTask InitializeAsync()
    {
        await _dynamoDb.InitializeAsync();
        await _dynamoDb.CreateTableAsync(DynamoDbTableSchema.CreateTableRequest(TableName), CancellationToken.None);
        (ServiceClient, Counter) = CountingDynamoDbProxy.Wrap(_dynamoDb.CreateClient(wire: Wire));
        Kms = await FakeKmsServer.StartAsync();
        Bridge = CreateBridge();
    }

    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await Bridge.DisposeAsync();
        await Kms.DisposeAsync();
        ServiceClient.Dispose();
        await _dynamoDb.DisposeAsync();
        Wire.Dispose();
    }

    /// <summary>The service under test; a derived fixture may add to its configuration.</summary>
    protected virtual AwsBridgeFactory CreateBridge() => new(this);

    /// <summary>The service with <c>Bridge:Backends</c> selecting Kms and DynamoDb.</summary>
    public class AwsBridgeFactory(AwsBackendsFixture aws) : BridgeFactory
    {
        protected override IEnumerable<KeyValuePair<string, string?>> SettingOverrides =>
        [
            new("Bridge:Backends:Keys", "Kms"),
            new("Bridge:Backends:State", "DynamoDb"),
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
                services.AddSingleton(aws.ServiceClient);
                services.AddSingleton<IKmsClient>(_ => new AwsKmsClient(AwsKmsClient.CreateSdkClient(
                    new KmsKeyManagerOptions { AliasNamespace = "http-tests", Region = "us-east-1", ServiceUrl = aws.Kms.ServiceUrl.ToString() },
                    new BasicAWSCredentials("test", "test"))));
            });
        }
    }
}
