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
    public static JwkPublicKey FromSubjectPublicKeyInfo(KeyType keyType, ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        if (keyType is Abstractions.Keys.KeyType.EcP256 or Abstractions.Keys.KeyType.EcP384)
        {
            using var ec = ECDsa.Create();
            ImportExactly(ec, subjectPublicKeyInfo);
            var parameters = ec.ExportParameters(includePrivateParameters: false);
            var (curve, oid) = keyType == Abstractions.Keys.KeyType.EcP256
                ? ("P-256", "1.2.840.10045.3.1.7")
                : ("P-384", "1.3.132.0.34");
            if (parameters.Curve.Oid.Value != oid)
            {
                throw new CryptographicException($"The public key is not on curve {curve}.");
            }

            return new JwkPublicKey("EC", curve, Base64Url.EncodeToString(parameters.Q.X), Base64Url.EncodeToString(parameters.Q.Y), null, null);
        }

        using var rsa = RSA.Create();
        ImportExactly(rsa, subjectPublicKeyInfo);
        if (rsa.KeySize != JwsAlgorithm.SignatureLength(keyType) * 8)
        {
            throw new CryptographicException($"The public key is not of type {keyType}.");
        }

        var rsaParameters = rsa.ExportParameters(includePrivateParameters: false);
        return new JwkPublicKey(
            "RSA", null, null, null, Base64Url.EncodeToString(TrimLeadingZeros(rsaParameters.Modulus)), Base64Url.EncodeToString(TrimLeadingZeros(rsaParameters.Exponent)));
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
