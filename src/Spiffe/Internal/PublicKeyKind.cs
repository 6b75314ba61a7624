namespace Bridge.Spiffe.Internal;

/// <summary>The public key types SPIFFE bundles and JWT-SVIDs use (JWT-SVID spec §3: RS*, PS*, ES256/384/512).</summary>
internal enum PublicKeyKind
{
    EcP256,
    EcP384,
    EcP521,
    Rsa,
}
