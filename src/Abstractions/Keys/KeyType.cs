namespace Bridge.Abstractions.Keys;

/// <summary>The key types a key manager can hold (SPIRE's KeyType, plus RSA-3072 which KMS offers).</summary>
public enum KeyType
{
    /// <summary>ECDSA on NIST P-256; signs ES256 JWTs and SHA-256 ECDSA certificates.</summary>
    EcP256 = 1,

    /// <summary>ECDSA on NIST P-384; signs ES384 JWTs and SHA-384 ECDSA certificates.</summary>
    EcP384,

    /// <summary>RSA 2048-bit, PKCS#1 v1.5 signatures (RS256).</summary>
    Rsa2048,

    /// <summary>RSA 3072-bit, PKCS#1 v1.5 signatures.</summary>
    Rsa3072,

    /// <summary>RSA 4096-bit, PKCS#1 v1.5 signatures.</summary>
    Rsa4096,
}
