using Amazon.KeyManagementService;
using Amazon.Runtime;
using Bridge.Authority.Aws.Kms;
using Bridge.Testing.Aws.Kms;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.Tests.Kms;

/// <summary>
/// One fake KMS endpoint per test class, reached by the real AWS SDK client over loopback HTTP. Each key manager gets
/// its own alias namespace, so it starts empty.
/// </summary>
public sealed class KmsFixture : IAsyncLifetime
{
    private readonly List<IDisposable> _clients = [];

    public FakeKmsServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        // Never let the SDK look for credentials or a Region on an instance metadata service.
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
        Server = await FakeKmsServer.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Server.DisposeAsync();
    }

    /// <summary>Options for a fresh namespace, with zero retry delays so retries cost no wall time.</summary>
    public KmsKeyManagerOptions NewOptions(int maxAttempts = 4) => new()
    {
        AliasNamespace = "t" + Guid.NewGuid().ToString("N"),
        Region = Server.Region,
        ServiceUrl = Server.ServiceUrl.ToString(),
        MaxAttempts = maxAttempts,
        RetryBaseDelay = TimeSpan.Zero,
        RetryMaxDelay = TimeSpan.Zero,
    };

    public AmazonKeyManagementServiceClient NewSdkClient(KmsKeyManagerOptions options)
    {
        var client = AwsKmsClient.CreateSdkClient(options, new BasicAWSCredentials("x", "y"));
        _clients.Add(client);
        return client;
    }

    public KmsKeyManager NewManager(KmsKeyManagerOptions? options = null, IKmsClient? client = null)
    {
        options ??= NewOptions();
        return new KmsKeyManager(
            client ?? new AwsKmsClient(NewSdkClient(options)),
            Options.Create(options),
            TimeProvider.System,
            NullLogger<KmsKeyManager>.Instance);
    }
}
