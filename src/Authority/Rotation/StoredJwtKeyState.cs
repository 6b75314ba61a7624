namespace Bridge.Authority.Rotation;

/// <summary>A decoded <c>jwt-keys</c> document with the revision it was read or written at (0: absent).</summary>
internal sealed record StoredJwtKeyState(JwtKeyState State, long Revision);
