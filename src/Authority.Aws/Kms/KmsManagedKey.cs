using System.Security.Cryptography;
using Bridge.Abstractions.Keys;

namespace Bridge.Authority.Aws.Kms;

/// <summary>
/// A key whose private part stays in KMS. It is bound to one KMS key (by ARN), not to the alias it was found by, so
/// an alias moved by another instance can never make this key's signatures come from a different key.
/// </summary>
internal sealed class KmsManagedKey : IManagedKey
{
    private readonly KmsKeyManager _manager;
    private readonly KmsPublicKey _publicKey;

    public KmsManagedKey(KmsKeyManager manager, string id, KmsPublicKey publicKey)
    {
        _manager = manager;
        _publicKey = publicKey;
        Id = id;
    }

    public string Id { get; }

    public KeyType KeyType => _publicKey.KeyType;

    public ReadOnlyMemory<byte> SubjectPublicKeyInfo => _publicKey.SubjectPublicKeyInfo;

    /// <summary>The ARN of the KMS key every signature comes from.</summary>
    public string KmsKeyArn => _publicKey.KeyArn;

    public Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken) =>
        _manager.SignDigestAsync(_publicKey, digest, hashAlgorithm, cancellationToken);
}
