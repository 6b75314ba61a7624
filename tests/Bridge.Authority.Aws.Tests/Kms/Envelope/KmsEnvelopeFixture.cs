using Amazon.KeyManagementService;
using Amazon.Runtime;
using Bridge.Abstractions.State;
using Bridge.Authority.Aws.Kms;
using Bridge.Authority.Aws.Kms.Envelope;
using Bridge.Authority.Local.State;
using Bridge.Testing.Aws.Kms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.Tests.Kms.Envelope;

/// <summary>
/// One fake KMS endpoint per test class with a symmetric wrapping key. Each manager gets its own namespace (so it
/// starts empty) unless a test shares one on purpose.
/// </summary>
public sealed class KmsEnvelopeFixture : FakeKmsFixture
{
    public const string WrappingAlias = "alias/bridge-envelope-test";

    public FakeKmsKey WrappingKey { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        WrappingKey = Server.AddKey("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT", WrappingAlias);
    }

    /// <summary>Options for a fresh namespace, with zero retry delays so retries cost no wall time.</summary>
    public KmsEnvelopeKeyManagerOptions NewOptions(int maxAttempts = 4, string? wrappingKeyId = null) => new()
    {
        WrappingKeyId = wrappingKeyId ?? WrappingAlias,
        Namespace = "t" + Guid.NewGuid().ToString("N"),
        Region = Server.Region,
        ServiceUrl = Server.ServiceUrl.ToString(),
        MaxAttempts = maxAttempts,
        RetryBaseDelay = TimeSpan.Zero,
        RetryMaxDelay = TimeSpan.Zero,
    };

    public AmazonKeyManagementServiceClient NewSdkClient(KmsEnvelopeKeyManagerOptions options)
    {
        return Track(AwsKmsClient.CreateSdkClient(options, new BasicAWSCredentials("x", "y")));
    }

    public AwsKmsClient NewClient(KmsEnvelopeKeyManagerOptions options) => new(NewSdkClient(options));

    public KmsEnvelopeKeyManager NewManager(
        KmsEnvelopeKeyManagerOptions? options = null,
        IAuthorityStateStore? store = null,
        ILogger<KmsEnvelopeKeyManager>? logger = null)
    {
        options ??= NewOptions();
        return new KmsEnvelopeKeyManager(
            NewClient(options),
            store ?? new InMemoryAuthorityStateStore(),
            Options.Create(options),
            TimeProvider.System,
            logger ?? NullLogger<KmsEnvelopeKeyManager>.Instance);
    }

    /// <summary>How many Decrypt calls arrived so far.</summary>
    public int DecryptCalls => Server.CallCount("Decrypt");
}
