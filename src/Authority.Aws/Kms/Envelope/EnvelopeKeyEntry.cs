using System.Text.Json.Serialization;

namespace Bridge.Authority.Aws.Kms.Envelope;

/// <summary>One envelope key as stored: public material and the KMS-encrypted private key.</summary>
internal sealed class EnvelopeKeyEntry
{
    /// <summary>The Bridge key id, also bound into the ciphertext's encryption context.</summary>
    [JsonPropertyName("id")]
    public string Id { get; set; } = string.Empty;

    /// <summary>The KMS key pair spec, e.g. <c>ECC_NIST_P256</c>.</summary>
    [JsonPropertyName("keyPairSpec")]
    public string KeyPairSpec { get; set; } = string.Empty;

    [JsonPropertyName("createdAt")]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The ARN of the KMS key that encrypted the private key, for operators. Decrypt never trusts it: it always names
    /// the configured wrapping key, so a document pointing at another key cannot smuggle in a private key.
    /// </summary>
    [JsonPropertyName("wrappingKeyArn")]
    public string? WrappingKeyArn { get; set; }

    /// <summary>The DER SubjectPublicKeyInfo; only trusted once the decrypted private key is shown to match it.</summary>
    [JsonPropertyName("publicKey")]
    public byte[] PublicKey { get; set; } = [];

    /// <summary>KMS's <c>PrivateKeyCiphertextBlob</c>.</summary>
    [JsonPropertyName("privateKeyCiphertext")]
    public byte[] PrivateKeyCiphertext { get; set; } = [];
}
