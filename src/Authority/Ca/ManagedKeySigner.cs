using System.Security.Cryptography;
using Bridge.Abstractions.Keys;

namespace Bridge.Authority.Ca;

/// <summary>Signs DER structures with a managed key, and checks the result before anything is issued.</summary>
internal static class ManagedKeySigner
{
    /// <summary>
    /// Hashes <paramref name="toBeSigned"/>, signs the digest through the key manager and verifies the signature with
    /// the key's public half. The check fails closed on a key manager that signs with the wrong key or returns garbage:
    /// an unverifiable certificate must never reach a workload.
    /// </summary>
    /// <exception cref="InvalidOperationException">The key manager returned a signature that does not verify.</exception>
    public static async Task<byte[]> SignAsync(
        IManagedKey key, SignatureAlgorithm algorithm, byte[] toBeSigned, CancellationToken cancellationToken)
    {
        var digest = CryptographicOperations.HashData(algorithm.HashAlgorithm, toBeSigned);
        var signature = await key.SignDigestAsync(digest, algorithm.HashAlgorithm, cancellationToken).ConfigureAwait(false);
        if (!Verify(key.SubjectPublicKeyInfo.Span, algorithm, digest, signature))
        {
            throw new InvalidOperationException($"The signature made with key '{key.Id}' does not verify with its public key.");
        }

        return signature;
    }

    private static bool Verify(ReadOnlySpan<byte> subjectPublicKeyInfo, SignatureAlgorithm algorithm, byte[] digest, byte[] signature)
    {
        try
        {
            if (algorithm.IsRsa)
            {
                using var rsa = RSA.Create();
                rsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
                return rsa.VerifyHash(digest, signature, algorithm.HashAlgorithm, RSASignaturePadding.Pkcs1);
            }

            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
            return ecdsa.VerifyHash(digest, signature, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
