using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.ExchangeFunction.Tests.TestSupport;

/// <summary>PKCS#10 requests made with .NET's <see cref="CertificateRequest"/> and real keys.</summary>
internal static class Csrs
{
    /// <summary>A DER request for <paramref name="key"/> asking for <paramref name="extensions"/>.</summary>
    public static byte[] Der(AsymmetricAlgorithm key, string subject = "CN=workload", params X509Extension[] extensions)
    {
        var name = new X500DistinguishedName(subject);
        var request = key switch
        {
            ECDsa ec => new CertificateRequest(name, ec, ec.KeySize switch { 384 => HashAlgorithmName.SHA384, 521 => HashAlgorithmName.SHA512, _ => HashAlgorithmName.SHA256 }),
            RSA rsa => new CertificateRequest(name, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException("Unsupported key.", nameof(key)),
        };
        foreach (var extension in extensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        return request.CreateSigningRequest();
    }

    /// <summary>The request as PEM.</summary>
    public static string Pem(AsymmetricAlgorithm key, string subject = "CN=workload", params X509Extension[] extensions) =>
        PemEncoding.WriteString("CERTIFICATE REQUEST", Der(key, subject, extensions));

    /// <summary>The request as unpadded base64url DER.</summary>
    public static string Base64Url(AsymmetricAlgorithm key) => System.Buffers.Text.Base64Url.EncodeToString(Der(key));
}
