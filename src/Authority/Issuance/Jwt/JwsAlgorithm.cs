using System.Security.Cryptography;
using Bridge.Abstractions.Keys;

namespace Bridge.Authority.Issuance.Jwt;

/// <summary>The JWS algorithm a key type signs JWT-SVIDs with (SPIRE's mapping, and all accepted by AWS IAM).</summary>
internal sealed class JwsAlgorithm
{
    public static readonly JwsAlgorithm ES256 = new("ES256", HashAlgorithmName.SHA256, SHA256.HashSizeInBytes, ecFieldSize: 32);
    public static readonly JwsAlgorithm ES384 = new("ES384", HashAlgorithmName.SHA384, SHA384.HashSizeInBytes, ecFieldSize: 48);
    public static readonly JwsAlgorithm RS256 = new("RS256", HashAlgorithmName.SHA256, SHA256.HashSizeInBytes, ecFieldSize: 0);

    private JwsAlgorithm(string name, HashAlgorithmName hash, int digestSize, int ecFieldSize)
    {
        Name = name;
        Hash = hash;
        DigestSize = digestSize;
        EcFieldSize = ecFieldSize;
    }

    /// <summary>The <c>alg</c> header value.</summary>
    public string Name { get; }

    public HashAlgorithmName Hash { get; }

    public int DigestSize { get; }

    /// <summary>Bytes per coordinate for ECDSA (the P1363 signature is twice this); 0 for RSA.</summary>
    public int EcFieldSize { get; }

    public bool IsEcdsa => EcFieldSize > 0;

    public static JwsAlgorithm ForKeyType(KeyType keyType) => keyType switch
    {
        KeyType.EcP256 => ES256,
        KeyType.EcP384 => ES384,
        KeyType.Rsa2048 or KeyType.Rsa3072 or KeyType.Rsa4096 => RS256,
        _ => throw new ArgumentOutOfRangeException(nameof(keyType), keyType, "No JWS algorithm for this key type."),
    };

    /// <summary>The length of a JWS signature by a key of <paramref name="keyType"/>.</summary>
    public static int SignatureLength(KeyType keyType) => keyType switch
    {
        KeyType.EcP256 => 64,
        KeyType.EcP384 => 96,
        KeyType.Rsa2048 => 256,
        KeyType.Rsa3072 => 384,
        KeyType.Rsa4096 => 512,
        _ => throw new ArgumentOutOfRangeException(nameof(keyType), keyType, "No JWS algorithm for this key type."),
    };

    /// <summary>Hashes <paramref name="data"/> with this algorithm's hash.</summary>
    public void HashData(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (Hash == HashAlgorithmName.SHA384)
        {
            SHA384.HashData(data, destination);
        }
        else
        {
            SHA256.HashData(data, destination);
        }
    }
}
