using System.Security.Cryptography;
using Bridge.Abstractions.Keys;

namespace Bridge.Authority.Ca;

/// <summary>Signs DER structures with a managed key, checking the result where a wrong signature would be costly.</summary>
internal static class ManagedKeySigner
{
    /// <summary>
    /// Hashes <paramref name="toBeSigned"/> and signs the digest through the key manager. With
    /// <paramref name="verifySignature"/> the signature is checked against the key's public key first, so a key manager
    /// that signs with the wrong key is caught before a CA certificate or CSR leaves Bridge. Leaves skip the check: it
    /// costs an OpenSSL key import plus a verify (about 240 µs, eight times the signature), and the CA key was proven
    /// to match its certificate when the CA was minted.
    /// </summary>
    /// <exception cref="InvalidOperationException">The key manager returned a signature that does not verify.</exception>
    public static async Task<byte[]> SignAsync(
        IManagedKey key, SignatureAlgorithm algorithm, byte[] toBeSigned, bool verifySignature, CancellationToken cancellationToken)
    {
        var digest = CryptographicOperations.HashData(algorithm.HashAlgorithm, toBeSigned);
        var signature = await key.SignDigestAsync(digest, algorithm.HashAlgorithm, cancellationToken).ConfigureAwait(false);
        if (verifySignature && !Verify(key.SubjectPublicKeyInfo.Span, algorithm, digest, signature))
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
