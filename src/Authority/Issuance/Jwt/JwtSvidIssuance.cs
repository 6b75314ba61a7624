namespace Bridge.Authority.Issuance.Jwt;

/// <summary>A signed JWT-SVID.</summary>
/// <param name="Token">The compact JWS. It is a bearer credential: never log it.</param>
/// <param name="KeyId">The <c>kid</c> of the key that signed it.</param>
/// <param name="TokenId">The <c>jti</c> claim (128 random bits, base64url), safe to log for correlation.</param>
/// <param name="IssuedAt">The <c>iat</c> claim (whole seconds).</param>
/// <param name="ExpiresAt">The <c>exp</c> claim (whole seconds).</param>
public sealed record JwtSvidIssuance(string Token, string KeyId, string TokenId, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
