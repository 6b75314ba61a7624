using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Bridge.Testing.Agents;

/// <summary>
/// A real two-level CA for a trust domain (P-256 root and intermediate, made with <see cref="CertificateRequest"/>) that
/// signs X.509-SVIDs from PKCS#10 requests as the exchange does: only the CSR's public key is used, the leaf carries the
/// SPIFFE ID as its one URI SAN. For fakes of the agent API; each method can be bent to make a bad answer.
/// </summary>
public sealed class TestSpiffeCa : IDisposable
{
    private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private long _serial = 0x1000;

    /// <summary>Creates the CA, valid ten years around <paramref name="now"/>.</summary>
    public TestSpiffeCa(string trustDomain, DateTimeOffset now)
    {
        TrustDomain = trustDomain;
        var root = new CertificateRequest($"CN=Test root {trustDomain}", _rootKey, HashAlgorithmName.SHA256);
        AddCaExtensions(root, $"spiffe://{trustDomain}");
        Root = root.CreateSelfSigned(now.AddYears(-5), now.AddYears(5));

        var intermediate = new CertificateRequest($"CN=Test intermediate {trustDomain}", _intermediateKey, HashAlgorithmName.SHA256);
        AddCaExtensions(intermediate, $"spiffe://{trustDomain}");
        Intermediate = intermediate.Create(Root.SubjectName, X509SignatureGenerator.CreateForECDsa(_rootKey), now.AddYears(-4), now.AddYears(4), [0x01]);
    }

    /// <summary>The trust domain name, e.g. <c>example.org</c>.</summary>
    public string TrustDomain { get; }

    /// <summary>The root, for the trust bundle.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>The intermediate that signs SVIDs (sent in the chain after the leaf).</summary>
    public X509Certificate2 Intermediate { get; }

    /// <summary>How many leaves this CA signed.</summary>
    public long Issued => Interlocked.Read(ref _serial) - 0x1000;

    /// <summary>
    /// An X.509-SVID chain (leaf, intermediate) for the public key of <paramref name="csrDer"/> (whose signature must
    /// verify). The caller owns the certificates.
    /// </summary>
    public X509Certificate2[] Sign(ReadOnlySpan<byte> csrDer, string spiffeId, IReadOnlyList<string> dnsNames, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var csr = CertificateRequest.LoadSigningRequest(csrDer.ToArray(), HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        var leaf = new CertificateRequest(new X500DistinguishedName(string.Empty), csr.PublicKey, HashAlgorithmName.SHA256);
        leaf.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leaf.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.KeyAgreement, critical: true));
        leaf.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));

        // An empty subject needs a critical SAN (RFC 5280 §4.1.2.6).
        leaf.CertificateExtensions.Add(new X509Extension("2.5.29.17", SubjectAltName(spiffeId, dnsNames), critical: true));
        var serial = BitConverter.GetBytes(Interlocked.Increment(ref _serial));
        Array.Reverse(serial);
        var certificate = leaf.Create(Intermediate.SubjectName, X509SignatureGenerator.CreateForECDsa(_intermediateKey), notBefore, notAfter, serial);
        return [certificate, X509CertificateLoader.LoadCertificate(Intermediate.RawData)];
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Root.Dispose();
        Intermediate.Dispose();
        _rootKey.Dispose();
        _intermediateKey.Dispose();
    }

    private static void AddCaExtensions(CertificateRequest request, string spiffeId)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(new X509Extension("2.5.29.17", SubjectAltName(spiffeId, []), critical: false));
    }

    // The URI is written as given: System.Uri would normalize "spiffe://td" to "spiffe://td/".
    private static byte[] SubjectAltName(string uri, IReadOnlyList<string> dnsNames)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var dns in dnsNames)
            {
                writer.WriteCharacterString(UniversalTagNumber.IA5String, dns, new Asn1Tag(TagClass.ContextSpecific, 2));
            }

            writer.WriteCharacterString(UniversalTagNumber.IA5String, uri, new Asn1Tag(TagClass.ContextSpecific, 6));
        }

        return writer.Encode();
    }
}
