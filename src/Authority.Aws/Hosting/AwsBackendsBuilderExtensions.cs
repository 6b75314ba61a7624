using System.Diagnostics.CodeAnalysis;
using Amazon;
using Amazon.DynamoDBv2;
using Bridge.Abstractions.Keys;
using Bridge.Abstractions.Nodes;
using Bridge.Abstractions.Registration;
using Bridge.Abstractions.Replay;
using Bridge.Abstractions.State;
using Bridge.Abstractions.Upstream;
using Bridge.Authority.Aws.AcmPca;
using Bridge.Authority.Aws.DynamoDb;
using Bridge.Authority.Aws.Hosting;
using Bridge.Authority.Aws.Kms;
using Bridge.Authority.Aws.Kms.Envelope;
using Bridge.Authority.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the AWS backends: KMS keys, one DynamoDB table for the stores, AWS Private CA upstream.</summary>
public static class AwsBackendsBuilderExtensions
{
    private const string Prefix = BackendOptions.SectionName + ":";

    /// <summary>
    /// Offers <c>Kms</c> and <c>KmsEnvelope</c> keys, <c>DynamoDb</c> for registration, replay, state and node records,
    /// and the <c>AcmPca</c> upstream. AWS SDK clients are built only when a backend that needs them is chosen, and find
    /// credentials lazily, on first use.
    /// </summary>
    public static BridgeAuthorityBuilder AddAwsBackends(this BridgeAuthorityBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<KmsKeyManagerOptions>().BindConfiguration(KmsKeyManagerOptions.SectionName);
        services.AddOptions<KmsEnvelopeKeyManagerOptions>().BindConfiguration(KmsEnvelopeKeyManagerOptions.SectionName);
        services.AddOptions<AcmPcaUpstreamOptions>().BindConfiguration(AcmPcaUpstreamOptions.SectionName);
        services.AddSettingsSection(KmsKeyManagerOptions.SectionName, typeof(KmsKeyManagerOptions))
            .AddSettingsSection(KmsEnvelopeKeyManagerOptions.SectionName, typeof(KmsEnvelopeKeyManagerOptions))
            .AddSettingsSection(AcmPcaUpstreamOptions.SectionName, typeof(AcmPcaUpstreamOptions));
        services.TryAddSingleton(CreateDynamoDbClient);
        services.TryAddSingleton(CreateKmsClient);
        services.TryAddSingleton(CreateKmsEnvelopeClient);
        services.TryAddSingleton(CreateAcmPcaClient);
        return builder.AddKms().AddDynamoDb().AddAcmPca();
    }

    private static BridgeAuthorityBuilder AddKms(this BridgeAuthorityBuilder builder) => builder
        .AddBackend<IKeyManager>(
            new BackendDescriptor(BackendSeams.Keys, AwsBackends.Kms)
            {
                Validate = (sp, b) => [.. SharedState(sp, b), .. Failures(new KmsKeyManagerOptionsValidator().Validate(null, Value<KmsKeyManagerOptions>(sp)))],
                Location = (_, _) => $"AWS KMS ({KmsKeyManagerOptions.SectionName})",
            },
            sp => new KmsKeyManager(
                sp.GetRequiredService<IKmsClient>(),
                sp.GetRequiredService<IOptions<KmsKeyManagerOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<KmsKeyManager>>()))
        .AddBackend<IKeyManager>(
            new BackendDescriptor(BackendSeams.Keys, AwsBackends.KmsEnvelope)
            {
                Validate = (sp, b) => [.. SharedState(sp, b), .. Failures(new KmsEnvelopeKeyManagerOptionsValidator().Validate(null, Value<KmsEnvelopeKeyManagerOptions>(sp)))],
                Location = (_, _) => $"KMS-encrypted in the rotation state ({KmsEnvelopeKeyManagerOptions.SectionName})",
            },
            sp => new KmsEnvelopeKeyManager(
                sp.GetRequiredService<IKmsEnvelopeClient>(),
                sp.GetRequiredService<IAuthorityStateStore>(),
                sp.GetRequiredService<IOptions<KmsEnvelopeKeyManagerOptions>>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<KmsEnvelopeKeyManager>>()));

    private static BridgeAuthorityBuilder AddDynamoDb(this BridgeAuthorityBuilder builder) => builder
        .AddBackend<IRegistrationStore>(
            Table(BackendSeams.Registration, cheapToList: false),
            sp => new DynamoDbRegistrationStore(
                sp.GetRequiredService<IAmazonDynamoDB>(),
                Options.Options.Create(new DynamoDbRegistrationStoreOptions
                {
                    TableName = Backends(sp).DynamoDbTable!,
                    IndexRefreshInterval = Backends(sp).DynamoDbIndexRefreshInterval,
                }),
                sp.GetRequiredService<TimeProvider>()))
        .AddBackend<IReplayCache>(
            Table(BackendSeams.Replay),
            sp => new DynamoDbReplayCache(
                sp.GetRequiredService<IAmazonDynamoDB>(),
                Options.Options.Create(new DynamoDbReplayCacheOptions { TableName = Backends(sp).DynamoDbTable! }),
                sp.GetRequiredService<TimeProvider>()))
        .AddBackend<IAuthorityStateStore>(
            Table(BackendSeams.State),
            sp => new DynamoDbAuthorityStateStore(
                sp.GetRequiredService<IAmazonDynamoDB>(),
                Options.Options.Create(new DynamoDbAuthorityStateStoreOptions { TableName = Backends(sp).DynamoDbTable! })))
        .AddBackend<INodeStore>(
            Table(BackendSeams.Nodes),
            sp => new DynamoDbNodeStore(
                sp.GetRequiredService<IAmazonDynamoDB>(),
                Options.Options.Create(new DynamoDbNodeStoreOptions { TableName = Backends(sp).DynamoDbTable!, ExpiryGrace = Backends(sp).NodeExpiryGrace }),
                sp.GetRequiredService<TimeProvider>()));

    private static BridgeAuthorityBuilder AddAcmPca(this BridgeAuthorityBuilder builder) => builder
        .AddBackend<IUpstreamAuthority>(
            new BackendDescriptor(BackendSeams.Upstream, AwsBackends.AcmPca)
            {
                Validate = (sp, _) => Failures(new AcmPcaUpstreamOptionsValidator().Validate(null, Value<AcmPcaUpstreamOptions>(sp))),
                Location = (sp, _) => $"AWS Private CA {Value<AcmPcaUpstreamOptions>(sp).CertificateAuthorityArn}",
            },
            sp => new AcmPcaUpstreamAuthority(
                sp.GetRequiredService<IOptions<AcmPcaUpstreamOptions>>(),
                sp.GetRequiredService<IAcmPcaClient>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<AcmPcaUpstreamAuthority>>()));

    // One table holds entries, replay records, state and node records: each seam that chooses it checks the same settings.
    private static BackendDescriptor Table(string seam, bool cheapToList = true) => new(seam, AwsBackends.DynamoDb)
    {
        CheapToList = cheapToList,
        Validate = (services, b) =>
        {
            var errors = new List<string>();
            if (string.IsNullOrWhiteSpace(b.DynamoDbTable))
            {
                errors.Add($"{Prefix}DynamoDbTable: required when Registration, Replay, State or Nodes is DynamoDb.");
            }

            if (!string.IsNullOrWhiteSpace(b.DynamoDbServiceUrl) && !Uri.TryCreate(b.DynamoDbServiceUrl, UriKind.Absolute, out _))
            {
                errors.Add($"{Prefix}DynamoDbServiceUrl: '{b.DynamoDbServiceUrl}' is not an absolute URL.");
            }

            return errors;
        },
        Location = (_, b) => $"DynamoDB table {b.DynamoDbTable}",
    };

    // Instances sharing KMS keys must agree on which key and CA are active, or each would rotate on its own: the
    // rotation state cannot be one that lives in a single process.
    private static string[] SharedState(IServiceProvider services, BackendOptions backends) =>
        BackendDescriptor.IsProcessLocal(services.GetServices<BackendDescriptor>(), BackendSeams.State, backends.State)
            ? [$"{Prefix}State: {backends.State} cannot be used with Keys={backends.Keys}; every instance must share the rotation state (use DynamoDb)."]
            : [];

    // Each validator already names its section and key in every message ("Bridge:Keys:KmsEnvelope:WrappingKeyId ...").
    private static IEnumerable<string> Failures(ValidateOptionsResult result) => result.Failed ? result.Failures : [];

    private static T Value<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(IServiceProvider services)
        where T : class => services.GetRequiredService<IOptions<T>>().Value;

    private static BackendOptions Backends(IServiceProvider services) => Value<BackendOptions>(services);

    private static IAmazonDynamoDB CreateDynamoDbClient(IServiceProvider services)
    {
        var backends = Backends(services);
        var config = new AmazonDynamoDBConfig();
        if (!string.IsNullOrWhiteSpace(backends.DynamoDbServiceUrl))
        {
            config.ServiceURL = backends.DynamoDbServiceUrl;
            config.AuthenticationRegion = string.IsNullOrWhiteSpace(backends.DynamoDbRegion) ? "us-east-1" : backends.DynamoDbRegion;
        }
        else if (!string.IsNullOrWhiteSpace(backends.DynamoDbRegion))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(backends.DynamoDbRegion);
        }

        return new AmazonDynamoDBClient(config);
    }

    private static IKmsClient CreateKmsClient(IServiceProvider services) =>
        new AwsKmsClient(AwsKmsClient.CreateSdkClient(Value<KmsKeyManagerOptions>(services)));

    private static IKmsEnvelopeClient CreateKmsEnvelopeClient(IServiceProvider services) =>
        new AwsKmsClient(AwsKmsClient.CreateSdkClient(Value<KmsEnvelopeKeyManagerOptions>(services)));

    private static IAcmPcaClient CreateAcmPcaClient(IServiceProvider services) => new AcmPcaClient(
        // PCA is called a few times a day (one intermediate per CA rotation); a plain client with bounded connection
        // lifetime is all it needs, and it follows DNS changes of the endpoint.
        new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) },
        services.GetRequiredService<IOptions<AcmPcaUpstreamOptions>>(),
        services.GetRequiredService<TimeProvider>(),
        services.GetRequiredService<ILogger<AcmPcaClient>>());
}
