using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Bridge.Testing.Aws.Ec2;

/// <summary>
/// Plays AWS's part in instance identity documents for tests: an RSA-2048 key and self-signed certificate per Region
/// (shaped like AWS's), and <c>rsa2048</c> values exactly as IMDS serves them (base64 PKCS#7 SignedData, SHA-256 with
/// RSA, the document attached as id-data, no certificates, 64-character lines). The helpers below make the attacks a
/// verifier must refuse: forged, truncated, re-signed with another key, signed by another Region, extra signer,
/// counter-signature, other content types, and evidence whose separate document differs from the signed one.
/// Hand <see cref="Certificates"/> to the code under test as its trusted table.
/// </summary>
public sealed class TestIidAuthority : IDisposable
{
    /// <summary>The default Regions.</summary>
    public static readonly IReadOnlyList<string> DefaultRegions = ["us-east-1", "eu-west-1", "cn-north-1", "us-gov-west-1"];

    /// <summary>The default validity of the certificates (AWS's run for 180 years).</summary>
    public static readonly DateTimeOffset DefaultNotBefore = new(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <inheritdoc cref="DefaultNotBefore"/>
    public static readonly DateTimeOffset DefaultNotAfter = new(2195, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly X500DistinguishedName AwsName = new("C=US, S=Washington State, L=Seattle, O=Amazon Web Services LLC");

    // Making an RSA-2048 key takes tens of milliseconds; tests make many authorities, so keys come from a pool shared by
    // all of them (certificates and serials are still new each time). Key n is the n-th Region's; impostors use others.
    private static readonly ConcurrentDictionary<int, RSA> KeyPool = new();
    private const int ImpostorKey = 1000;
    private readonly Dictionary<string, X509Certificate2> _signers = new(StringComparer.Ordinal);

    private TestIidAuthority()
    {
    }

    /// <summary>The public certificate of each Region (no private keys): the table the verifier under test trusts.</summary>
    public IReadOnlyDictionary<string, X509Certificate2> Certificates { get; private set; } = new Dictionary<string, X509Certificate2>();

    /// <summary>A new authority for <paramref name="regions"/> whose certificates are valid from and until the given times.</summary>
    public static TestIidAuthority Create(IEnumerable<string>? regions = null, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        var authority = new TestIidAuthority();
        var publics = new Dictionary<string, X509Certificate2>(StringComparer.Ordinal);
        var index = 0;
        foreach (var region in regions ?? DefaultRegions)
        {
            var signer = CreateCertificate(Key(index++), RandomSerial(), notBefore ?? DefaultNotBefore, notAfter ?? DefaultNotAfter);
            authority._signers.Add(region, signer);
            publics.Add(region, X509CertificateLoader.LoadCertificate(signer.RawData));
        }

        authority.Certificates = publics;
        return authority;
    }

    /// <summary>The <c>rsa2048</c> value for <paramref name="document"/>, signed by the certificate of its own Region (or <paramref name="signingRegion"/>).</summary>
    public string Sign(TestIidDocument document, string? signingRegion = null) =>
        Sign(document.ToJson(), signingRegion ?? document.Region ?? throw new ArgumentException("The document has no Region; name the signing Region.", nameof(signingRegion)));

    /// <summary>The <c>rsa2048</c> value for the document text <paramref name="document"/>, signed by <paramref name="signingRegion"/>.</summary>
    public string Sign(string document, string signingRegion) => Imds(SignDer(Encoding.UTF8.GetBytes(document), signingRegion));

    /// <summary>
    /// The DER SignedData over <paramref name="content"/>, signed as AWS signs (signing time, message digest, content type
    /// as signed attributes). <paramref name="contentType"/> defaults to id-data; <paramref name="customize"/> may add
    /// signers, counter-signatures or certificates afterwards.
    /// </summary>
    public byte[] SignDer(byte[] content, string signingRegion, string? contentType = null, Action<SignedCms>? customize = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var cms = new SignedCms(new ContentInfo(new Oid(contentType ?? "1.2.840.113549.1.7.1"), content), detached: false);
        cms.ComputeSignature(Signer(_signers[signingRegion]));
        customize?.Invoke(cms);
        return cms.Encode();
    }

    /// <summary>A genuine signature with one bit of the signature value flipped (the signature sits at the end of the DER).</summary>
    public string Forged(TestIidDocument document)
    {
        var der = SignDer(Encoding.UTF8.GetBytes(document.ToJson()), document.Region!);
        der[^1] ^= 0x01;
        return Imds(der);
    }

    /// <summary>A genuine value cut short.</summary>
    public string Truncated(TestIidDocument document)
    {
        var der = SignDer(Encoding.UTF8.GetBytes(document.ToJson()), document.Region!);
        return Imds(der[..^40]);
    }

    /// <summary>
    /// Signed with a new key whose certificate copies the issuer and serial number of the Region's certificate and is
    /// embedded in the message: accepted only by a verifier that trusts certificates carried in the message.
    /// </summary>
    public string ResignedWithOtherKey(TestIidDocument document)
    {
        var genuine = _signers[document.Region!];
        using var impostor = CreateCertificate(Key(ImpostorKey), genuine.SerialNumberBytes.ToArray(), genuine.NotBefore, genuine.NotAfter);
        var cms = new SignedCms(new ContentInfo(Encoding.UTF8.GetBytes(document.ToJson())), detached: false);
        var signer = Signer(impostor);
        signer.IncludeOption = X509IncludeOption.EndCertOnly;
        cms.ComputeSignature(signer);
        return Imds(cms.Encode());
    }

    /// <summary>Signed by the document's Region and by <paramref name="otherRegion"/> as a second signer.</summary>
    public string WithExtraSigner(TestIidDocument document, string otherRegion) =>
        Imds(SignDer(Encoding.UTF8.GetBytes(document.ToJson()), document.Region!, customize: cms => cms.ComputeSignature(Signer(_signers[otherRegion]))));

    /// <summary>Signed by the document's Region, with a counter-signature by <paramref name="counterRegion"/> (an unsigned attribute).</summary>
    public string WithCounterSignature(TestIidDocument document, string counterRegion) =>
        Imds(SignDer(Encoding.UTF8.GetBytes(document.ToJson()), document.Region!, customize: cms => cms.SignerInfos[0].ComputeCounterSignature(Signer(_signers[counterRegion]))));

    /// <summary>Signed by the document's Region, with the document under another content type.</summary>
    public string WithContentType(TestIidDocument document, string contentType) =>
        Imds(SignDer(Encoding.UTF8.GetBytes(document.ToJson()), document.Region!, contentType));

    /// <summary>The evidence payload <c>{"rsa2048": …, "document": …}</c> in UTF-8 (no document member when null).</summary>
    public static byte[] Payload(string rsa2048, string? document = null)
    {
        var payload = new JsonObject { ["rsa2048"] = rsa2048 };
        if (document is not null)
        {
            payload["document"] = document;
        }

        return Encoding.UTF8.GetBytes(payload.ToJsonString());
    }

    /// <summary>The payload IMDS-fed agents send: the genuine signature and the same document.</summary>
    public byte[] Evidence(TestIidDocument document) => Payload(Sign(document), document.ToJson());

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var certificate in _signers.Values.Concat(Certificates.Values))
        {
            certificate.Dispose();
        }
    }

    /// <summary>Base64 in 64-character lines, as IMDS serves <c>rsa2048</c>.</summary>
    public static string Imds(byte[] der)
    {
        var base64 = Convert.ToBase64String(der);
        return string.Join('\n', base64.Chunk(64).Select(c => new string(c)));
    }

    private static CmsSigner Signer(X509Certificate2 certificate) => new(SubjectIdentifierType.IssuerAndSerialNumber, certificate)
    {
        DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
        IncludeOption = X509IncludeOption.None,
        SignedAttributes = { new Pkcs9SigningTime(new DateTime(2026, 12, 1, 8, 0, 5, DateTimeKind.Utc)) },
    };

    private static byte[] RandomSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(9);
        serial[0] &= 0x7f;
        return serial;
    }

    private static RSA Key(int index) => KeyPool.GetOrAdd(index, _ => RSA.Create(2048));

    private static X509Certificate2 CreateCertificate(RSA key, byte[] serial, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = new CertificateRequest(AwsName, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: false));
        using var certificate = request.Create(AwsName, X509SignatureGenerator.CreateForRSA(key, RSASignaturePadding.Pkcs1), notBefore, notAfter, serial);
        return certificate.CopyWithPrivateKey(key);
    }
}
