using System.Diagnostics.CodeAnalysis;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Keys;

namespace Bridge.Authority.Local.Keys;

/// <summary>The SPIRE spelling of key types (<c>ec-p256</c>, <c>rsa-2048</c>), used in key files.</summary>
internal static class KeyTypeNames
{
    public static string ToName(KeyType keyType) => keyType switch
    {
        KeyType.EcP256 => "ec-p256",
        KeyType.EcP384 => "ec-p384",
        KeyType.Rsa2048 => "rsa-2048",
        KeyType.Rsa3072 => "rsa-3072",
        KeyType.Rsa4096 => "rsa-4096",
        _ => throw new ArgumentOutOfRangeException(nameof(keyType), keyType, "Unknown key type."),
    };

    public static bool TryParse(ReadOnlySpan<char> name, [NotNullWhen(true)] out KeyType? keyType)
    {
        keyType = name switch
        {
            "ec-p256" => KeyType.EcP256,
            "ec-p384" => KeyType.EcP384,
            "rsa-2048" => KeyType.Rsa2048,
            "rsa-3072" => KeyType.Rsa3072,
            "rsa-4096" => KeyType.Rsa4096,
            _ => null,
        };
        return keyType is not null;
    }
}
