using System.Security.Cryptography;

namespace Bridge.Authority.Keys;

/// <summary>
/// Signs a precomputed digest with a private key held in process memory, the way every Bridge key signs: ECDSA as a
/// DER <c>SEQUENCE</c> (RFC 3279), RSA with PKCS#1 v1.5. Shared by the software keys and the KMS envelope keys.
/// </summary>
public static class DigestSigning
{
    /// <summary>Signs <paramref name="digest"/>, a <paramref name="hashAlgorithm"/> hash of the message.</summary>
    /// <param name="key">An <see cref="ECDsa"/> or <see cref="RSA"/> private key.</param>
    /// <param name="digest">The digest; its length must match <paramref name="hashAlgorithm"/>.</param>
    /// <param name="hashAlgorithm">SHA-256, SHA-384 or SHA-512.</param>
    /// <returns>The DER-encoded ECDSA signature or the PKCS#1 v1.5 RSA signature.</returns>
    /// <exception cref="ArgumentException">The digest length does not match the hash, or the hash is not SHA-2.</exception>
    /// <exception cref="InvalidOperationException">The key is neither ECDSA nor RSA.</exception>
    public static byte[] SignDigest(AsymmetricAlgorithm key, ReadOnlySpan<byte> digest, HashAlgorithmName hashAlgorithm)
    {
        ArgumentNullException.ThrowIfNull(key);
        ThrowIfInvalidDigest(digest, hashAlgorithm);
        return key switch
        {
            // ECDSA reads any digest length the FIPS 186-5 way (leftmost bits), as KMS keys are fed in KMS mode.
            ECDsa ec => ec.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence),
            RSA rsa => rsa.SignHash(digest, hashAlgorithm, RSASignaturePadding.Pkcs1),
            _ => throw new InvalidOperationException("Unsupported key."),
        };
    }

    /// <summary>Checks that <paramref name="digest"/> is as long as a <paramref name="hashAlgorithm"/> hash.</summary>
    /// <param name="digest">The digest.</param>
    /// <param name="hashAlgorithm">SHA-256, SHA-384 or SHA-512.</param>
    /// <exception cref="ArgumentException">The digest length does not match the hash, or the hash is not SHA-2.</exception>
    public static void ThrowIfInvalidDigest(ReadOnlySpan<byte> digest, HashAlgorithmName hashAlgorithm)
    {
        var expectedLength = DigestLength(hashAlgorithm);
        if (digest.Length != expectedLength)
        {
            throw new ArgumentException($"A {hashAlgorithm.Name} digest is {expectedLength} bytes, not {digest.Length}.", nameof(digest));
        }
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
