using System.Security.Cryptography;
using Bridge.Abstractions.Keys;

namespace Bridge.Authority.Keys;

/// <summary>
/// Which of Bridge's key types a public key is: the one check that a key manager's SubjectPublicKeyInfo is the key type
/// it claims (KMS and envelope keys when loaded, JWT signing keys before their <c>kid</c> is derived).
/// </summary>
public static class PublicKeyTypes
{
    /// <summary>The key type a DER SubjectPublicKeyInfo holds, or null when it is none of Bridge's.</summary>
    public static KeyType? Of(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        try
        {
            using var ec = ECDsa.Create();
            ec.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out var read);
            return read != subjectPublicKeyInfo.Length ? null : ec.ExportParameters(false).Curve.Oid.Value switch
            {
                "1.2.840.10045.3.1.7" => KeyType.EcP256,
                "1.3.132.0.34" => KeyType.EcP384,
                _ => null,
            };
        }
        catch (CryptographicException)
        {
        }

        try
        {
            using var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out var read);
            return read != subjectPublicKeyInfo.Length ? null : rsa.KeySize switch
            {
                2048 => KeyType.Rsa2048,
                3072 => KeyType.Rsa3072,
                4096 => KeyType.Rsa4096,
                _ => null,
            };
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
