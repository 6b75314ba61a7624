using Bridge.Spiffe.Internal;

namespace Bridge.Spiffe.Bundle.Jwt;

/// <summary>
/// The RFC 7638 JWK thumbprint of a public key, computed from the JWK members the bundle and JWKS writers publish for it:
/// the <c>kid</c> an issuer derives from its key alone, so that it survives restarts and reloads.
/// </summary>
public static class JwkThumbprint
{
    /// <summary>The base64url SHA-256 thumbprint of the key in <paramref name="subjectPublicKeyInfo"/>.</summary>
    /// <exception cref="ArgumentException">The key is not one a JWT authority may hold (<see cref="JwtAuthority"/>).</exception>
    public static string Compute(ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        PublicKeyMaterial.TryFromSubjectPublicKeyInfo(subjectPublicKeyInfo, out var material, out var error)
            ? material.ComputeJwkThumbprint()
            : throw new ArgumentException($"Unsupported public key: {error}.", nameof(subjectPublicKeyInfo));
}
