using System.Security.Cryptography;
using Bridge.Abstractions.Keys;

namespace Bridge.Authority.Keys;

/// <summary>A private key held in process memory, shared by the in-memory and on-disk key managers.</summary>
internal sealed class SoftwareKey : IManagedKey, IDisposable
{
    private readonly AsymmetricAlgorithm _key;

    private SoftwareKey(string id, KeyType keyType, AsymmetricAlgorithm key)
    {
        Id = id;
        KeyType = keyType;
        _key = key;
        SubjectPublicKeyInfo = key.ExportSubjectPublicKeyInfo();
    }

    public string Id { get; }

    public KeyType KeyType { get; }

    public ReadOnlyMemory<byte> SubjectPublicKeyInfo { get; }

    public static SoftwareKey Generate(string id, KeyType keyType) => new(id, keyType, keyType switch
    {
        KeyType.EcP256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
        KeyType.EcP384 => ECDsa.Create(ECCurve.NamedCurves.nistP384),
        KeyType.Rsa2048 => RSA.Create(2048),
        KeyType.Rsa3072 => RSA.Create(3072),
        KeyType.Rsa4096 => RSA.Create(4096),
        _ => throw new ArgumentOutOfRangeException(nameof(keyType), keyType, "Unknown key type."),
    });

    /// <summary>Wraps an existing private key, checking that it is of <paramref name="keyType"/>.</summary>
    public static SoftwareKey FromKey(string id, KeyType keyType, AsymmetricAlgorithm key)
    {
        var actual = key switch
        {
            ECDsa ec when ec.KeySize == 256 => KeyType.EcP256,
            ECDsa ec when ec.KeySize == 384 => KeyType.EcP384,
            RSA rsa when rsa.KeySize == 2048 => KeyType.Rsa2048,
            RSA rsa when rsa.KeySize == 3072 => KeyType.Rsa3072,
            RSA rsa when rsa.KeySize == 4096 => KeyType.Rsa4096,
            _ => (KeyType?)null,
        };
        if (actual != keyType)
        {
            throw new CryptographicException($"Key '{id}' is not of type {keyType}.");
        }

        return new SoftwareKey(id, keyType, key);
    }

    /// <summary>Exports the private key as PKCS#8 DER (for the on-disk key manager).</summary>
    public byte[] ExportPkcs8PrivateKey() => _key.ExportPkcs8PrivateKey();

    public Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var signature = _key switch
        {
            ECDsa ec => ec.SignHash(digest.Span, DSASignatureFormat.Rfc3279DerSequence),
            RSA rsa => rsa.SignHash(digest.ToArray(), hashAlgorithm, RSASignaturePadding.Pkcs1),
            _ => throw new InvalidOperationException("Unsupported key."),
        };
        return Task.FromResult(signature);
    }

    public void Dispose() => _key.Dispose();
}
