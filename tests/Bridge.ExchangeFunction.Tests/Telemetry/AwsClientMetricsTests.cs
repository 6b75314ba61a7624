using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Bridge.Authority.Aws.Kms;
using Bridge.Authority.Telemetry;
using Bridge.Testing.Aws.Kms;
using Bridge.Testing.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.ExchangeFunction.Tests.Telemetry;

/// <summary>
/// The composition measures the AWS SDK clients the backends registered, whoever registered them and however: the
/// DynamoDB client and the KMS client each report their calls under their service.
/// </summary>
public sealed class AwsClientMetricsTests
{
    [Fact]
    public async Task AwsBackendsComposition_MeasuredClientsBuildWithoutGoingInACircle()
    {
        // The KMS key manager and the DynamoDB stores need the measured clients, which need the metrics: the metrics
        // must not need the authority's parts in turn (its gauges are put on them at start instead).
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bridge:Authority:TrustDomain"] = "example.org",
            ["Bridge:Authority:Issuer"] = "https://bridge.example.org",
            ["Bridge:Backends:Keys"] = "Kms",
            ["Bridge:Backends:State"] = "DynamoDb",
            ["Bridge:Backends:Registration"] = "DynamoDb",
            ["Bridge:Backends:Replay"] = "DynamoDb",
            ["Bridge:Backends:Nodes"] = "DynamoDb",
            ["Bridge:Backends:DynamoDbTable"] = "bridge",
            ["Bridge:Backends:DynamoDbServiceUrl"] = "http://127.0.0.1:9",
            ["Bridge:Keys:Kms:AliasNamespace"] = "metrics",
            ["Bridge:Keys:Kms:Region"] = "us-east-1",
            ["Bridge:Keys:Kms:ServiceUrl"] = "http://127.0.0.1:9",
        }).Build();
        await using var provider = new ServiceCollection().AddLogging().AddBridgeExchange(configuration).BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<Bridge.Authority.Exchange.ExchangeService>());
        var gauges = Assert.Single(provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Bridge.ExchangeFunction.Hosting.Telemetry.AuthorityGauges>());
        await gauges.StartAsync(CancellationToken.None);
    }

    [Fact]
    public async Task AddBridgeTelemetry_MeasuresTheRegisteredKmsAndDynamoDbClients()
    {
        await using var kms = await FakeKmsServer.StartAsync();
        using var meters = new TestMeterFactory();
        using var recorder = new MetricRecorder(meters);
        var services = new ServiceCollection();
        services.AddSingleton(new AuthorityMetrics(meters, TimeProvider.System));
        services.AddSingleton<IKmsClient>(_ => new AwsKmsClient(AwsKmsClient.CreateSdkClient(
            new KmsKeyManagerOptions { AliasNamespace = "metrics", Region = kms.Region, ServiceUrl = kms.ServiceUrl.ToString() },
            new BasicAWSCredentials("test", "test"))));

        // Nothing listens on this port: the call fails at once, and is measured all the same.
        services.AddSingleton<IAmazonDynamoDB>(_ => new AmazonDynamoDBClient(
            new BasicAWSCredentials("test", "test"),
            new AmazonDynamoDBConfig { ServiceURL = "http://127.0.0.1:9", AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 }));
        services.AddBridgeTelemetry(new ConfigurationBuilder().Build(), _ => null);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IKmsClient>().ListAliasesAsync(new ListAliasesRequest(), CancellationToken.None);
        await Assert.ThrowsAnyAsync<Exception>(() => provider.GetRequiredService<IAmazonDynamoDB>()
            .GetItemAsync(new GetItemRequest { TableName = "t", Key = new() { ["pk"] = new AttributeValue { S = "k" } } }, CancellationToken.None));

        var calls = recorder.Of(AuthorityMetrics.AwsCallDurationName)
            .Select(m => $"{m.Tag(AuthorityMetrics.ServiceTag)}/{m.Tag(AuthorityMetrics.OperationTag)}");
        Assert.Equal(["dynamodb/GetItem", "kms/ListAliases"], calls.Order(StringComparer.Ordinal));
    }
}
