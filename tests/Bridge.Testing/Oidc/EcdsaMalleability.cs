using System.Buffers.Text;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Bridge.Testing.Oidc;

/// <summary>
/// The ECDSA signature-malleability attack on a JWS: for a valid signature (r, s), (r, n − s) is valid too, so
/// anyone holding a token can make a second, differently encoded token that verifies, without the key.
/// </summary>
public static class EcdsaMalleability
{
    // The group orders n of the NIST curves (FIPS 186-4 D.1.2), as unsigned big-endian hex.
    private static readonly BigInteger P256Order = Order("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
    private static readonly BigInteger P384Order = Order(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973");

    /// <summary>Returns <paramref name="token"/> (ES256 or ES384) with its signature's s replaced by n − s.</summary>
    public static string WithNegatedS(string token)
    {
        var lastDot = token.LastIndexOf('.');
        var signature = Base64Url.DecodeFromChars(token.AsSpan(lastDot + 1));
        var (order, half) = signature.Length switch
        {
            64 => (P256Order, 32),
            96 => (P384Order, 48),
            _ => throw new ArgumentException("Not an ES256 or ES384 signature.", nameof(token)),
        };
        var s = new BigInteger(signature.AsSpan(half), isUnsigned: true, isBigEndian: true);
        var negated = order - s;
        var twin = (byte[])signature.Clone();
        Array.Clear(twin, half, half);
        var written = negated.GetByteCount(isUnsigned: true);
        negated.TryWriteBytes(twin.AsSpan(signature.Length - written), out _, isUnsigned: true, isBigEndian: true);
        return token[..(lastDot + 1)] + Base64Url.EncodeToString(twin);
    }

    /// <summary>
    /// Verifies the token's ES256/ES384 signature with plain .NET ECDSA over the public key, independently of the JOSE
    /// library the attestor uses.
    /// </summary>
    public static bool VerifiesWith(string token, OidcTestKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var lastDot = token.LastIndexOf('.');
        var signature = Base64Url.DecodeFromChars(token.AsSpan(lastDot + 1));
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportSubjectPublicKeyInfo(key.PublicKeyDer, out _);
        var hash = signature.Length == 64 ? HashAlgorithmName.SHA256 : HashAlgorithmName.SHA384;
        return ecdsa.VerifyData(
            Encoding.ASCII.GetBytes(token[..lastDot]), signature, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    private static BigInteger Order(string hex) =>
        BigInteger.Parse("0" + hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
