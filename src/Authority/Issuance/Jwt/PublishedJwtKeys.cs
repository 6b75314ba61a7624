namespace Bridge.Authority.Issuance.Jwt;

/// <summary>The JWT-SVID keys to publish, with the sequence the SPIFFE bundle carries.</summary>
/// <param name="Keys">The prepared, active and recently retired keys, oldest first.</param>
/// <param name="Sequence">The rotation state's revision: it grows whenever the key set changes (<c>spiffe_sequence</c>).</param>
public sealed record PublishedJwtKeys(IReadOnlyList<JwtSigningKey> Keys, long Sequence);
