using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions.Keys;

namespace Bridge.Authority.Ca;

/// <summary>A signing certificate together with its key.</summary>
/// <param name="Certificate">The certificate.</param>
/// <param name="Key">The key that signs with it.</param>
/// <param name="NotBefore">Start of validity.</param>
/// <param name="NotAfter">End of validity.</param>
/// <param name="KeyIdentifier">Its subject key identifier: the AuthorityKeyIdentifier of what it signs.</param>
internal sealed record SigningAuthority(
    X509Certificate2 Certificate,
    IManagedKey Key,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    byte[] KeyIdentifier)
{
    /// <summary>Pairs <paramref name="certificate"/> with <paramref name="key"/>.</summary>
    public static SigningAuthority Create(X509Certificate2 certificate, IManagedKey key)
    {
        var (notBefore, notAfter) = X509Der.Validity(certificate);
        return new SigningAuthority(certificate, key, notBefore, notAfter, CertificateExtensions.KeyIdentifierOf(certificate));
    }
}
