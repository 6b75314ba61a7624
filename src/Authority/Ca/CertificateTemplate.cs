using System.Security.Cryptography.X509Certificates;

namespace Bridge.Authority.Ca;

/// <summary>What goes into a certificate besides the issuer, serial number and signature.</summary>
/// <param name="Subject">The subject name.</param>
/// <param name="SubjectPublicKeyInfo">The certified key, DER SubjectPublicKeyInfo.</param>
/// <param name="NotBefore">Start of validity; sub-second precision is dropped.</param>
/// <param name="NotAfter">End of validity; sub-second precision is dropped.</param>
/// <param name="Extensions">The extensions, in order.</param>
internal sealed record CertificateTemplate(
    X500DistinguishedName Subject,
    ReadOnlyMemory<byte> SubjectPublicKeyInfo,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    IReadOnlyList<X509Extension> Extensions);
