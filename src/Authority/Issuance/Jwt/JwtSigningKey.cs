using System.Text.Json;

namespace Bridge.Authority.Issuance.Jwt;

/// <summary>A JWT-SVID signing key as the JWKS (<c>/keys</c>) and the SPIFFE bundle publish it.</summary>
/// <param name="KeyId">The <c>kid</c>: the RFC 7638 JWK thumbprint of the public key (base64url SHA-256).</param>
/// <param name="Algorithm">The JWS algorithm the key signs with: <c>ES256</c>, <c>ES384</c> or <c>RS256</c>.</param>
/// <param name="SubjectPublicKeyInfo">The DER-encoded SubjectPublicKeyInfo of the public key.</param>
public sealed record JwtSigningKey(string KeyId, string Algorithm, byte[] SubjectPublicKeyInfo)
{
    /// <summary>
    /// Writes the key as a JWK object: <c>kty</c>, then <c>crv</c>/<c>x</c>/<c>y</c> (EC) or <c>n</c>/<c>e</c> (RSA),
    /// then <c>kid</c>, <c>alg</c> and, when given, <c>use</c>. The SPIFFE bundle needs <c>use</c> = <c>jwt-svid</c>;
    /// an OIDC JWKS for AWS IAM omits it (as SPIRE's discovery provider does).
    /// </summary>
    /// <exception cref="System.Security.Cryptography.CryptographicException">The public key does not suit <see cref="Algorithm"/>.</exception>
    public void WriteJwk(Utf8JsonWriter writer, string? use = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var jwk = JwkPublicKey.FromSubjectPublicKeyInfo(Algorithm, SubjectPublicKeyInfo);
        writer.WriteStartObject();
        writer.WriteString("kty", jwk.KeyType);
        if (jwk.Curve is not null)
        {
            writer.WriteString("crv", jwk.Curve);
            writer.WriteString("x", jwk.X);
            writer.WriteString("y", jwk.Y);
        }
        else
        {
            writer.WriteString("n", jwk.Modulus);
            writer.WriteString("e", jwk.Exponent);
        }

        writer.WriteString("kid", KeyId);
        writer.WriteString("alg", Algorithm);
        if (use is not null)
        {
            writer.WriteString("use", use);
        }

        writer.WriteEndObject();
    }
}
