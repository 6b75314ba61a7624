using Amazon;
using Amazon.DynamoDBv2;
using Bridge.Abstractions.Keys;
using Bridge.Abstractions.Nodes;
using Bridge.Abstractions.State;
using Bridge.Abstractions.Upstream;
using Bridge.Authority.Aws.AcmPca;
using Bridge.Authority.Aws.Kms.Envelope;
using Bridge.Authority.Ca;
using Bridge.Abstractions.Registration;
using Bridge.Abstractions.Replay;
using Bridge.Authority.Aws.DynamoDb;
using Bridge.Authority.Aws.Kms;
using Bridge.Authority.Keys;
using Bridge.Authority.Registration;
using Microsoft.Extensions.Options;
using Bridge.Authority.Local.Keys;
using Bridge.Authority.Local.Nodes;
using Bridge.Authority.Local.Registration;
using Bridge.Authority.Local.Replay;
using Bridge.Authority.Local.State;

namespace Bridge.ExchangeFunction.Hosting;

/// <summary>
/// Builds the backend chosen in <see cref="BackendOptions"/> for each seam. Choices are read from the bound options when
/// the service is first resolved (during start), so every configuration source decides them. AWS SDK clients are
/// registered separately and resolved only when an AWS backend is chosen; they find credentials lazily, on first use.
/// </summary>
internal static class BackendFactories
{
    public static IKeyManager CreateKeyManager(IServiceProvider services)
    {
        var backends = services.GetRequiredService<IOptions<BackendOptions>>().Value;
        return backends.Keys switch
        {
            BackendOptionsValidator.InMemory => new InMemoryKeyManager(),
            BackendOptionsValidator.Kms => new KmsKeyManager(
                services.GetRequiredService<IKmsClient>(),
                services.GetRequiredService<IOptions<KmsKeyManagerOptions>>(),
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILogger<KmsKeyManager>>()),
            BackendOptionsValidator.KmsEnvelope => new KmsEnvelopeKeyManager(
                services.GetRequiredService<IKmsEnvelopeClient>(),
                services.GetRequiredService<IAuthorityStateStore>(),
                services.GetRequiredService<IOptions<KmsEnvelopeKeyManagerOptions>>(),
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILogger<KmsEnvelopeKeyManager>>()),
            _ => new FileKeyManager(Options.Create(new FileKeyManagerOptions
            {
                Directory = LocalStatePaths.Resolve(backends.KeysDirectory),
            })),
        };
    }

    public static IRegistrationStore CreateRegistrationStore(IServiceProvider services)
    {
        var backends = services.GetRequiredService<IOptions<BackendOptions>>().Value;
        return backends.Registration switch
        {
            BackendOptionsValidator.InMemory => new InMemoryRegistrationStore(),
            BackendOptionsValidator.DynamoDb => new DynamoDbRegistrationStore(
                services.GetRequiredService<IAmazonDynamoDB>(),
                Options.Create(new DynamoDbRegistrationStoreOptions
                {
                    TableName = backends.DynamoDbTable!,
                    IndexRefreshInterval = backends.DynamoDbIndexRefreshInterval,
                }),
                services.GetRequiredService<TimeProvider>()),

            // Loading is file I/O done once, when the initializer resolves the store during start; an invalid file
            // stops the process there with every error listed.
            _ => JsonFileRegistrationStore.LoadAsync(
                new JsonFileRegistrationStoreOptions
                {
                    Path = LocalStatePaths.Resolve(backends.RegistrationFile),
                    AllowMissingFile = true,
                },
                services.GetRequiredService<RegistrationEntryValidator>(),
                CancellationToken.None).GetAwaiter().GetResult(),
        };
    }

    public static IReplayCache CreateReplayCache(IServiceProvider services)
    {
        var backends = services.GetRequiredService<IOptions<BackendOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        return backends.Replay == BackendOptionsValidator.DynamoDb
            ? new DynamoDbReplayCache(
                services.GetRequiredService<IAmazonDynamoDB>(),
                Options.Create(new DynamoDbReplayCacheOptions { TableName = backends.DynamoDbTable! }),
                time)
            : new InMemoryReplayCache(time, services.GetRequiredService<IOptions<InMemoryReplayCacheOptions>>());
    }

    public static IAuthorityStateStore CreateStateStore(IServiceProvider services)
    {
        var backends = services.GetRequiredService<IOptions<BackendOptions>>().Value;
        return backends.State switch
        {
            BackendOptionsValidator.InMemory => new InMemoryAuthorityStateStore(),
            BackendOptionsValidator.DynamoDb => new DynamoDbAuthorityStateStore(
                services.GetRequiredService<IAmazonDynamoDB>(),
                Options.Create(new DynamoDbAuthorityStateStoreOptions { TableName = backends.DynamoDbTable! })),
            _ => new FileAuthorityStateStore(Options.Create(new FileAuthorityStateStoreOptions
            {
                Directory = LocalStatePaths.Resolve(backends.StateDirectory),
            })),
        };
    }

    public static INodeStore CreateNodeStore(IServiceProvider services)
    {
        var backends = services.GetRequiredService<IOptions<BackendOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        return backends.Nodes switch
        {
            BackendOptionsValidator.InMemory => new InMemoryNodeStore(
                Options.Create(new InMemoryNodeStoreOptions { ExpiryGrace = backends.NodeExpiryGrace }), time),
            BackendOptionsValidator.DynamoDb => new DynamoDbNodeStore(
                services.GetRequiredService<IAmazonDynamoDB>(),
                Options.Create(new DynamoDbNodeStoreOptions { TableName = backends.DynamoDbTable!, ExpiryGrace = backends.NodeExpiryGrace }),
                time),

            // Nothing is read until first use: the file is re-read on every call, so the bridge command's changes count.
            _ => new FileNodeStore(
                Options.Create(new FileNodeStoreOptions { Path = LocalStatePaths.Resolve(backends.NodesFile), ExpiryGrace = backends.NodeExpiryGrace }),
                time),
        };
    }

    public static IUpstreamAuthority CreateUpstreamAuthority(IServiceProvider services)
    {
        var backends = services.GetRequiredService<IOptions<BackendOptions>>().Value;
        return backends.Upstream == BackendOptionsValidator.AcmPca
            ? new AcmPcaUpstreamAuthority(
                services.GetRequiredService<IOptions<AcmPcaUpstreamOptions>>(),
                services.GetRequiredService<IAcmPcaClient>(),
                services.GetRequiredService<TimeProvider>(),
                services.GetRequiredService<ILogger<AcmPcaUpstreamAuthority>>())
            : services.GetRequiredService<SelfSignedUpstreamAuthority>();
    }

    public static IAcmPcaClient CreateAcmPcaClient(IServiceProvider services) => new AcmPcaClient(
        // PCA is called a few times a day (one intermediate per CA rotation); a plain client with bounded connection
        // lifetime is all it needs, and it follows DNS changes of the endpoint.
        new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(30) },
        services.GetRequiredService<IOptions<AcmPcaUpstreamOptions>>(),
        services.GetRequiredService<TimeProvider>(),
        services.GetRequiredService<ILogger<AcmPcaClient>>());

    public static IKmsEnvelopeClient CreateKmsEnvelopeClient(IServiceProvider services) =>
        new AwsKmsClient(AwsKmsClient.CreateSdkClient(services.GetRequiredService<IOptions<KmsEnvelopeKeyManagerOptions>>().Value));

    public static IAmazonDynamoDB CreateDynamoDbClient(IServiceProvider services)
    {
        var backends = services.GetRequiredService<IOptions<BackendOptions>>().Value;
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

    public static IKmsClient CreateKmsClient(IServiceProvider services) =>
        new AwsKmsClient(AwsKmsClient.CreateSdkClient(services.GetRequiredService<IOptions<KmsKeyManagerOptions>>().Value));
}
