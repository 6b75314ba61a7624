using Amazon.KeyManagementService;
using Amazon.Runtime;
using Bridge.Authority.Aws.Kms;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.Tests.Kms;

/// <summary>
/// One fake KMS endpoint per test class. Each key manager gets its own alias namespace, so it starts empty.
/// </summary>
public sealed class KmsFixture : FakeKmsFixture
{
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
        return Track(AwsKmsClient.CreateSdkClient(options, new BasicAWSCredentials("x", "y")));
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
