using System.Security.Cryptography;

namespace Bridge.Testing.Aws.Kms;

/// <summary>One key held by <see cref="FakeKmsServer"/>: real key material, KMS's metadata.</summary>
public sealed class FakeKmsKey
{
    internal FakeKmsKey(string keyId, string arn, string keySpec, string keyUsage, string? description, AsymmetricAlgorithm? key, byte[]? symmetricKey = null)
    {
        KeyId = keyId;
        Arn = arn;
        KeySpec = keySpec;
        KeyUsage = keyUsage;
        Description = description;
        Key = key;
        SymmetricKey = symmetricKey;
    }

    /// <summary>The key id (a UUID).</summary>
    public string KeyId { get; }

    /// <summary>The key ARN.</summary>
    public string Arn { get; }

    /// <summary>The KMS key spec, e.g. <c>ECC_NIST_P256</c>.</summary>
    public string KeySpec { get; }

    /// <summary>The KMS key usage, e.g. <c>SIGN_VERIFY</c>.</summary>
    public string KeyUsage { get; }

    /// <summary>The description given at creation.</summary>
    public string? Description { get; }

    /// <summary>The KMS key state: <c>Enabled</c>, <c>Disabled</c> or <c>PendingDeletion</c>.</summary>
    public string KeyState { get; internal set; } = "Enabled";

    /// <summary>The pending window of a scheduled deletion, or null.</summary>
    public int? PendingWindowInDays { get; internal set; }

    /// <summary>The private key (null for symmetric and HMAC keys).</summary>
    internal AsymmetricAlgorithm? Key { get; }

    /// <summary>The AES-256 key of a <c>SYMMETRIC_DEFAULT</c> key (null otherwise).</summary>
    internal byte[]? SymmetricKey { get; }
}
