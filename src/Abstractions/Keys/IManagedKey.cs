using System.Security.Cryptography;

namespace Bridge.Abstractions.Keys;

/// <summary>
/// A private key held by a key manager; the private part may never leave it (KMS). Signing is asynchronous so that
/// a remote key never blocks a thread.
/// </summary>
public interface IManagedKey
{
    /// <summary>The key's identifier within its key manager.</summary>
    string Id { get; }

    /// <summary>The key type.</summary>
    KeyType KeyType { get; }

    /// <summary>The DER-encoded SubjectPublicKeyInfo of the public key.</summary>
    ReadOnlyMemory<byte> SubjectPublicKeyInfo { get; }

    /// <summary>
    /// Signs a precomputed digest. ECDSA signatures are DER-encoded (RFC 3279, as in X.509 and as KMS returns them);
    /// RSA signatures use PKCS#1 v1.5. JWS callers convert ECDSA signatures to IEEE P1363 themselves.
    /// </summary>
    /// <param name="digest">The hash of the data to sign; its length must match <paramref name="hashAlgorithm"/>.</param>
    /// <param name="hashAlgorithm">The hash that produced <paramref name="digest"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken);
}
