namespace Bridge.Authority.Aws.Kms.Envelope;

/// <summary>Settings of <see cref="KmsEnvelopeKeyManager"/>. Bound from configuration section <c>Bridge:Keys:KmsEnvelope</c>.</summary>
public sealed class KmsEnvelopeKeyManagerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:Keys:KmsEnvelope";

    /// <summary>
    /// The symmetric KMS key (<c>SYMMETRIC_DEFAULT</c>, <c>ENCRYPT_DECRYPT</c>) that encrypts the private keys: an alias
    /// (<c>alias/bridge-keys</c>), a key ARN, an alias ARN or a key id. Every Decrypt names this key, so a ciphertext
    /// made under any other key is refused.
    /// </summary>
    public string WrappingKeyId { get; set; } = string.Empty;

    /// <summary>
    /// Keeps this deployment's keys apart from every other deployment sharing the state store, e.g. <c>example-org</c>:
    /// the keys live in the state document <c>envelope-keys-&lt;Namespace&gt;</c> and each ciphertext is bound to the
    /// namespace through its encryption context. 1–50 characters of <c>[a-z0-9-]</c>.
    /// </summary>
    public string Namespace { get; set; } = string.Empty;

    /// <summary>The AWS Region, e.g. <c>us-east-1</c>; empty for the SDK's default (AWS_REGION in Lambda).</summary>
    public string? Region { get; set; }

    /// <summary>An explicit endpoint (a VPC endpoint, or a local test endpoint); empty for the Region's endpoint.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>How many times a throttled or failed KMS call is attempted in all before giving up (1–10).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The base of the exponential back-off between attempts; each delay is drawn uniformly below its cap.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The cap of any single back-off delay.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(1);
}
