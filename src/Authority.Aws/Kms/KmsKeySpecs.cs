using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Keys;

namespace Bridge.Authority.Aws.Kms;

/// <summary>Key specs and signing algorithms: how Bridge's key types and hashes map onto KMS.</summary>
internal static class KmsKeySpecs
{
    public static KeySpec ToKeySpec(KeyType keyType) => keyType switch
    {
        KeyType.EcP256 => KeySpec.ECC_NIST_P256,
        KeyType.EcP384 => KeySpec.ECC_NIST_P384,
        KeyType.Rsa2048 => KeySpec.RSA_2048,
        KeyType.Rsa3072 => KeySpec.RSA_3072,
        KeyType.Rsa4096 => KeySpec.RSA_4096,
        _ => throw new ArgumentOutOfRangeException(nameof(keyType), keyType, "Unknown key type."),
    };

    /// <summary>The key type of a KMS key spec, or null for specs Bridge does not sign with (symmetric, secp256k1, SM2…).</summary>
    public static KeyType? FromKeySpec(string? keySpec) => keySpec switch
    {
        "ECC_NIST_P256" => KeyType.EcP256,
        "ECC_NIST_P384" => KeyType.EcP384,
        "RSA_2048" => KeyType.Rsa2048,
        "RSA_3072" => KeyType.Rsa3072,
        "RSA_4096" => KeyType.Rsa4096,
        _ => null,
    };

    /// <summary>
    /// The KMS signing algorithm and the exact <c>DIGEST</c> message for a digest. RSA keys take every SHA-2 size as
    /// is. A KMS ECC key accepts only the digest size of its curve (P-256: ECDSA_SHA_256, P-384: ECDSA_SHA_384), so a
    /// digest of another size is fitted the way ECDSA itself reads it (FIPS 186-5 §6.4.1: the leftmost bits of the
    /// digest, as an integer): a longer digest is truncated to the curve size, a shorter one left-padded with zeros.
    /// The signature is then exactly an ECDSA signature over the caller's digest.
    /// </summary>
    /// <exception cref="ArgumentException">The digest length does not match the hash, or the hash is not SHA-2.</exception>
    public static (SigningAlgorithmSpec Algorithm, byte[] Message) SigningInput(KeyType keyType, ReadOnlySpan<byte> digest, HashAlgorithmName hash)
    {
        // Checked, so the digest length tells the hash apart below.
        DigestSigning.ThrowIfInvalidDigest(digest, hash);
        switch (keyType)
        {
            case KeyType.EcP256:
                return (SigningAlgorithmSpec.ECDSA_SHA_256, Fit(digest, SHA256.HashSizeInBytes));
            case KeyType.EcP384:
                return (SigningAlgorithmSpec.ECDSA_SHA_384, Fit(digest, SHA384.HashSizeInBytes));
            case KeyType.Rsa2048 or KeyType.Rsa3072 or KeyType.Rsa4096:
                var algorithm = digest.Length switch
                {
                    SHA256.HashSizeInBytes => SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256,
                    SHA384.HashSizeInBytes => SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_384,
                    _ => SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_512,
                };
                return (algorithm, digest.ToArray());
            default:
                throw new ArgumentOutOfRangeException(nameof(keyType), keyType, "Unknown key type.");
        }
    }

    private static byte[] Fit(ReadOnlySpan<byte> digest, int size)
    {
        if (digest.Length >= size)
        {
            return digest[..size].ToArray();
        }

        var message = new byte[size];
        digest.CopyTo(message.AsSpan(size - digest.Length));
        return message;
    }
}
