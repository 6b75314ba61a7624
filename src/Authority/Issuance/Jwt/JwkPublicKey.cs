using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Bridge.Abstractions.Keys;

namespace Bridge.Authority.Issuance.Jwt;

/// <summary>
/// The public JWK members of a key (RFC 7518 §6): <c>crv</c>/<c>x</c>/<c>y</c> for EC, <c>n</c>/<c>e</c> for RSA, all
/// base64url without padding. Used for the RFC 7638 thumbprint that serves as <c>kid</c>.
/// </summary>
internal sealed class JwkPublicKey
{
    private const string P256Oid = "1.2.840.10045.3.1.7";
    private const string P384Oid = "1.3.132.0.34";

    private JwkPublicKey(string keyType, string? curve, string? x, string? y, string? modulus, string? exponent)
    {
        KeyType = keyType;
        Curve = curve;
        X = x;
        Y = y;
        Modulus = modulus;
        Exponent = exponent;
    }

    /// <summary><c>kty</c>: <c>EC</c> or <c>RSA</c>.</summary>
    public string KeyType { get; }

    public string? Curve { get; }

    public string? X { get; }

    public string? Y { get; }

    public string? Modulus { get; }

    public string? Exponent { get; }

    /// <summary>Reads a SubjectPublicKeyInfo that must hold a key of <paramref name="keyType"/>.</summary>
    /// <exception cref="CryptographicException">The SubjectPublicKeyInfo is malformed or of another type.</exception>
    public static JwkPublicKey FromSubjectPublicKeyInfo(KeyType keyType, ReadOnlySpan<byte> subjectPublicKeyInfo) => keyType switch
    {
        Abstractions.Keys.KeyType.EcP256 => FromEc(subjectPublicKeyInfo, "P-256", P256Oid),
        Abstractions.Keys.KeyType.EcP384 => FromEc(subjectPublicKeyInfo, "P-384", P384Oid),
        _ => FromRsa(subjectPublicKeyInfo, JwsAlgorithm.SignatureLength(keyType) * 8),
    };

    /// <summary>Reads a SubjectPublicKeyInfo that must suit the JWS <paramref name="algorithm"/>.</summary>
    /// <exception cref="CryptographicException">The SubjectPublicKeyInfo is malformed or does not suit the algorithm.</exception>
    public static JwkPublicKey FromSubjectPublicKeyInfo(string algorithm, ReadOnlySpan<byte> subjectPublicKeyInfo) => algorithm switch
    {
        "ES256" => FromEc(subjectPublicKeyInfo, "P-256", P256Oid),
        "ES384" => FromEc(subjectPublicKeyInfo, "P-384", P384Oid),
        "RS256" => FromRsa(subjectPublicKeyInfo, expectedBits: null),
        _ => throw new CryptographicException($"Unsupported JWS algorithm '{algorithm}'."),
    };

    private static JwkPublicKey FromEc(ReadOnlySpan<byte> subjectPublicKeyInfo, string curve, string oid)
    {
        using var ec = ECDsa.Create();
        ImportExactly(ec, subjectPublicKeyInfo);
        var parameters = ec.ExportParameters(includePrivateParameters: false);
        if (parameters.Curve.Oid.Value != oid)
        {
            throw new CryptographicException($"The public key is not on curve {curve}.");
        }

        return new JwkPublicKey("EC", curve, Base64Url.EncodeToString(parameters.Q.X), Base64Url.EncodeToString(parameters.Q.Y), null, null);
    }

    private static JwkPublicKey FromRsa(ReadOnlySpan<byte> subjectPublicKeyInfo, int? expectedBits)
    {
        using var rsa = RSA.Create();
        ImportExactly(rsa, subjectPublicKeyInfo);
        // RS256 needs at least 2048 bits (RFC 7518 §3.3); Bridge's key types are 2048, 3072 and 4096.
        if (expectedBits is { } bits ? rsa.KeySize != bits : rsa.KeySize < 2048)
        {
            throw new CryptographicException("The RSA public key has the wrong size.");
        }

        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        return new JwkPublicKey(
            "RSA", null, null, null, Base64Url.EncodeToString(TrimLeadingZeros(parameters.Modulus)), Base64Url.EncodeToString(TrimLeadingZeros(parameters.Exponent)));
    }

    /// <summary>The RFC 7638 thumbprint: base64url SHA-256 of the required members in lexicographic order.</summary>
    public string ComputeThumbprint()
    {
        // Every value is base64url or a fixed name, so no JSON escaping is needed.
        var canonical = KeyType == "EC"
            ? $$"""{"crv":"{{Curve}}","kty":"EC","x":"{{X}}","y":"{{Y}}"}"""
            : $$"""{"e":"{{Exponent}}","kty":"RSA","n":"{{Modulus}}"}""";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static void ImportExactly(AsymmetricAlgorithm key, ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out var read);
        if (read != subjectPublicKeyInfo.Length)
        {
            throw new CryptographicException("The SubjectPublicKeyInfo has trailing data.");
        }
    }

    private static ReadOnlySpan<byte> TrimLeadingZeros(byte[]? value)
    {
        var span = value.AsSpan();
        var first = span.IndexOfAnyExcept((byte)0);
        return first < 0 ? span[^1..] : span[first..];
    }
}
