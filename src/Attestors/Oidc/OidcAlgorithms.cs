using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Bridge.Attestors.Oidc;

/// <summary>The JWS algorithms the OIDC attestor can accept. Asymmetric only: never <c>none</c>, never HMAC.</summary>
public static class OidcAlgorithms
{
    /// <summary>Every algorithm that may appear in <see cref="OidcIssuerOptions.AllowedAlgorithms"/>.</summary>
    public static IReadOnlyList<string> Supported { get; } =
        ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"];

    /// <summary>The algorithms accepted when none are configured.</summary>
    public static IReadOnlyList<string> Defaults { get; } = ["RS256", "ES256", "ES384"];

    /// <summary>True when <paramref name="alg"/> is one of <see cref="Supported"/> (ordinal).</summary>
    public static bool IsSupported(string? alg) => alg is not null && Supported.Contains(alg, StringComparer.Ordinal);

    /// <summary>
    /// True when <paramref name="key"/> is usable with <paramref name="alg"/>: an RSA key (at least 2048 bits) for RS/PS,
    /// an EC key on the matching curve for ES. Prevents key-type confusion before any signature check.
    /// </summary>
    internal static bool IsKeyCompatible(string alg, JsonWebKey key)
    {
        if (!string.IsNullOrEmpty(key.Use) && !string.Equals(key.Use, JsonWebKeyUseNames.Sig, StringComparison.Ordinal))
        {
            return false;
        }

        if (!string.IsNullOrEmpty(key.Alg) && !string.Equals(key.Alg, alg, StringComparison.Ordinal))
        {
            return false;
        }

        if (alg.StartsWith("RS", StringComparison.Ordinal) || alg.StartsWith("PS", StringComparison.Ordinal))
        {
            return string.Equals(key.Kty, JsonWebAlgorithmsKeyTypes.RSA, StringComparison.Ordinal)
                && !string.IsNullOrEmpty(key.N)
                && !string.IsNullOrEmpty(key.E)
                && RsaModulusBits(key.N) >= 2048;
        }

        var curve = alg switch
        {
            "ES256" => JsonWebKeyECTypes.P256,
            "ES384" => JsonWebKeyECTypes.P384,
            "ES512" => JsonWebKeyECTypes.P521,
            _ => null,
        };
        return curve is not null
            && string.Equals(key.Kty, JsonWebAlgorithmsKeyTypes.EllipticCurve, StringComparison.Ordinal)
            && string.Equals(key.Crv, curve, StringComparison.Ordinal);
    }

    private static int RsaModulusBits(string n)
    {
        try
        {
            var modulus = Base64UrlEncoder.DecodeBytes(n);
            var leadingZeros = 0;
            while (leadingZeros < modulus.Length && modulus[leadingZeros] == 0)
            {
                leadingZeros++;
            }

            return (modulus.Length - leadingZeros) * 8;
        }
        catch (FormatException)
        {
            return 0;
        }
        catch (CryptographicException)
        {
            return 0;
        }
    }
}
