using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.Cli.Demo;

/// <summary>An X.509-SVID with its private key (generated here; only its CSR went to Bridge) and intermediates.</summary>
internal sealed record SvidCredential(X509Certificate2 Leaf, ECDsa PrivateKey, IReadOnlyList<X509Certificate2> Intermediates)
{
    public SslStreamCertificateContext CreateContext() =>
        SslStreamCertificateContext.Create(Leaf.CopyWithPrivateKey(PrivateKey), [.. Intermediates], offline: true);
}
