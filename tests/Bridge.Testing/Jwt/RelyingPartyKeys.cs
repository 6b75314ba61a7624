using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Bridge.Testing.Jwt;

/// <summary>
/// Builds the JWK a relying party (AWS IAM, any OIDC client) would fetch for a published JWT-SVID key, from the public
/// key alone, so tokens are validated by IdentityModel with nothing of the issuer's code in between.
/// </summary>
public static class RelyingPartyKeys
{
    /// <summary>The JWK for a public key given as DER SubjectPublicKeyInfo; <paramref name="algorithm"/> is its JWS alg.</summary>
    public static JsonWebKey FromPublicKey(string keyId, string algorithm, byte[] subjectPublicKeyInfo)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        if (algorithm.StartsWith("ES", StringComparison.Ordinal))
        {
            using var ec = ECDsa.Create();
            ec.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
            var parameters = ec.ExportParameters(false);
            return new JsonWebKey
            {
                Kty = "EC",
                Crv = algorithm == "ES256" ? "P-256" : "P-384",
                X = Base64UrlEncoder.Encode(parameters.Q.X),
                Y = Base64UrlEncoder.Encode(parameters.Q.Y),
                Kid = keyId,
            };
        }

        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
        var rsaParameters = rsa.ExportParameters(false);
        return new JsonWebKey
        {
            Kty = "RSA",
            N = Base64UrlEncoder.Encode(rsaParameters.Modulus),
            E = Base64UrlEncoder.Encode(rsaParameters.Exponent),
            Kid = keyId,
        };
    }
}
