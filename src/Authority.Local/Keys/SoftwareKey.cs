using System.Security.Cryptography;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Keys;

namespace Bridge.Authority.Local.Keys;

/// <summary>A private key held in process memory, shared by the in-memory and on-disk key managers.</summary>
internal sealed class SoftwareKey : IManagedKey, IDisposable
{
    private const string P256Oid = "1.2.840.10045.3.1.7";
    private const string P384Oid = "1.3.132.0.34";

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
        if (TypeOf(key) != keyType)
        {
            throw new CryptographicException($"Key '{id}' is not of type {keyType}.");
        }

        return new SoftwareKey(id, keyType, key);
    }

    /// <summary>Imports a PKCS#8 private key that must be of <paramref name="keyType"/>.</summary>
    public static SoftwareKey ImportPkcs8(string id, KeyType keyType, ReadOnlySpan<byte> pkcs8)
    {
        AsymmetricAlgorithm key = keyType is KeyType.EcP256 or KeyType.EcP384 ? ECDsa.Create() : RSA.Create();
        try
        {
            key.ImportPkcs8PrivateKey(pkcs8, out var read);
            if (read != pkcs8.Length)
            {
                throw new CryptographicException($"Key '{id}' has trailing data after its PKCS#8 structure.");
            }

            return FromKey(id, keyType, key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Exports the private key as PKCS#8 DER (for the on-disk key manager).</summary>
    public byte[] ExportPkcs8PrivateKey() => _key.ExportPkcs8PrivateKey();

    public Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(DigestSigning.SignDigest(_key, digest.Span, hashAlgorithm));
    }

    public void Dispose() => _key.Dispose();

    private static KeyType? TypeOf(AsymmetricAlgorithm key) => key switch
    {
        // Curves are told apart by OID: another 256-bit curve (brainpoolP256r1) must not pass as P-256.
        ECDsa ec => ec.ExportParameters(includePrivateParameters: false).Curve.Oid.Value switch
        {
            P256Oid => KeyType.EcP256,
            P384Oid => KeyType.EcP384,
            _ => null,
        },
        RSA rsa => rsa.KeySize switch
        {
            2048 => KeyType.Rsa2048,
            3072 => KeyType.Rsa3072,
            4096 => KeyType.Rsa4096,
            _ => null,
        },
        _ => null,
    };
}
