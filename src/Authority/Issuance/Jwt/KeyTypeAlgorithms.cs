using Bridge.Abstractions.Keys;
using Bridge.Spiffe.Svid.Jwt;

namespace Bridge.Authority.Issuance.Jwt;

/// <summary>The JWS algorithm each key type signs JWT-SVIDs with (SPIRE's mapping, and all accepted by AWS IAM).</summary>
internal static class KeyTypeAlgorithms
{
    public static JwsAlgorithm For(KeyType keyType) => keyType switch
    {
        KeyType.EcP256 => JwsAlgorithm.ES256,
        KeyType.EcP384 => JwsAlgorithm.ES384,
        KeyType.Rsa2048 or KeyType.Rsa3072 or KeyType.Rsa4096 => JwsAlgorithm.RS256,
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
}
