using Bridge.Abstractions.Keys;

namespace Bridge.Authority.Aws.Kms;

/// <summary>What Bridge caches of one KMS key: fetched once, never changes (a KMS key's key material is fixed).</summary>
/// <param name="KeyArn">The key's ARN, which every Sign call names.</param>
/// <param name="KeyType">The key type, from the key spec and checked against the public key.</param>
/// <param name="SubjectPublicKeyInfo">The DER SubjectPublicKeyInfo from GetPublicKey.</param>
internal sealed record KmsPublicKey(string KeyArn, KeyType KeyType, ReadOnlyMemory<byte> SubjectPublicKeyInfo);
