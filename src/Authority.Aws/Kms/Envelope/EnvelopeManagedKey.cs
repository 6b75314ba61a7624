using System.Security.Cryptography;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Keys;

namespace Bridge.Authority.Aws.Kms.Envelope;

/// <summary>
/// An envelope key decrypted into process memory. It exists only after its private key was shown to match the public
/// key it publishes, so a signature always verifies with <see cref="SubjectPublicKeyInfo"/>.
/// </summary>
internal sealed class EnvelopeManagedKey : IManagedKey
{
    private readonly AsymmetricAlgorithm _key;

    public EnvelopeManagedKey(string id, KeyType keyType, byte[] subjectPublicKeyInfo, AsymmetricAlgorithm key)
    {
        Id = id;
        KeyType = keyType;
        SubjectPublicKeyInfo = subjectPublicKeyInfo;
        _key = key;
    }

    public string Id { get; }

    public KeyType KeyType { get; }

    public ReadOnlyMemory<byte> SubjectPublicKeyInfo { get; }

    public Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(DigestSigning.SignDigest(_key, digest.Span, hashAlgorithm));
    }
}
