using System.Security.Cryptography;
using Bridge.Abstractions.Keys;

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

    /// <summary>The private key, for tests that must prove it never reaches a log.</summary>
    internal AsymmetricAlgorithm Key => _key;

    public Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var expectedLength = DigestLength(hashAlgorithm);
        if (digest.Length != expectedLength)
        {
            throw new ArgumentException($"A {hashAlgorithm.Name} digest is {expectedLength} bytes, not {digest.Length}.", nameof(digest));
        }

        var signature = _key switch
        {
            // ECDSA reads any digest length the FIPS 186-5 way (leftmost bits), as KMS keys are fed in KMS mode.
            ECDsa ec => ec.SignHash(digest.Span, DSASignatureFormat.Rfc3279DerSequence),
            RSA rsa => rsa.SignHash(digest.Span, hashAlgorithm, RSASignaturePadding.Pkcs1),
            _ => throw new InvalidOperationException("Unsupported key."),
        };
        return Task.FromResult(signature);
    }

    private static int DigestLength(HashAlgorithmName hashAlgorithm)
    {
        if (hashAlgorithm == HashAlgorithmName.SHA256)
        {
            return SHA256.HashSizeInBytes;
        }

        if (hashAlgorithm == HashAlgorithmName.SHA384)
        {
            return SHA384.HashSizeInBytes;
        }

        if (hashAlgorithm == HashAlgorithmName.SHA512)
        {
            return SHA512.HashSizeInBytes;
        }

        throw new ArgumentException($"Unsupported hash algorithm '{hashAlgorithm.Name}'.", nameof(hashAlgorithm));
    }
}
