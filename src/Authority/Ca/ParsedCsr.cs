using System.Security.Cryptography.X509Certificates;

namespace Bridge.Authority.Ca;

/// <summary>The parts of a verified PKCS#10 request that issuers may use.</summary>
/// <param name="SubjectPublicKeyInfo">The request's public key, canonically re-encoded.</param>
/// <param name="IsRsa">True for an RSA key, false for ECDSA.</param>
/// <param name="KeySize">Key size in bits.</param>
/// <param name="Subject">The requested subject; leaf issuance ignores it.</param>
internal sealed record ParsedCsr(byte[] SubjectPublicKeyInfo, bool IsRsa, int KeySize, X500DistinguishedName Subject);
