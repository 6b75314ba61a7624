namespace Bridge.Authority.Issuance.Jwt;

/// <summary>
/// A JWT-SVID signing key as the JWKS (<c>/keys</c>) and the SPIFFE bundle publish it (through
/// <see cref="Bridge.Spiffe.Bundle.Jwt.JwtAuthority"/>, which writes its JWK members).
/// </summary>
/// <param name="KeyId">The <c>kid</c>: the RFC 7638 JWK thumbprint of the public key (base64url SHA-256).</param>
/// <param name="Algorithm">The JWS algorithm the key signs with: <c>ES256</c>, <c>ES384</c> or <c>RS256</c>.</param>
/// <param name="SubjectPublicKeyInfo">The DER-encoded SubjectPublicKeyInfo of the public key.</param>
public sealed record JwtSigningKey(string KeyId, string Algorithm, byte[] SubjectPublicKeyInfo);
