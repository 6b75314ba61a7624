using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Ca;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;

namespace Bridge.Authority.Tests.Ca;

public sealed class CertificateSignerTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(KeyType.EcP256, "300A06082A8648CE3D040302")]
    [InlineData(KeyType.EcP384, "300A06082A8648CE3D040303")]
    [InlineData(KeyType.Rsa2048, "300D06092A864886F70D01010B0500")]
    [InlineData(KeyType.Rsa3072, "300D06092A864886F70D01010B0500")]
    public async Task SignAsync_EachKeyType_UsesTheRightAlgorithmAndVerifies(KeyType keyType, string algorithmIdentifierHex)
    {
        using var key = SoftwareKey.Generate("k", keyType);

        var certificate = await SelfSignedAsync(key, Start, Start.AddDays(1));

        Assert.Equal(algorithmIdentifierHex, Convert.ToHexString(CertificateInspector.SignatureAlgorithmIdentifier(certificate)));
        Assert.True(CertificateInspector.IsSignedBy(certificate, certificate));
        Assert.Equal(key.SubjectPublicKeyInfo.ToArray(), certificate.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Equal(3, certificate.Version);
    }

    [Fact]
    public async Task SignAsync_Template_CopiesSubjectIssuerValidityAndExtensions()
    {
        using var issuerKey = SoftwareKey.Generate("issuer", KeyType.EcP256);
        using var subjectKey = SoftwareKey.Generate("subject", KeyType.EcP256);
        var extension = new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true);
        var template = new CertificateTemplate(
            new X500DistinguishedName("CN=subject"), subjectKey.SubjectPublicKeyInfo, Start, Start.AddHours(5), [extension]);

        var certificate = await CertificateSigner.SignAsync(template, new X500DistinguishedName("CN=issuer"), issuerKey, Ct);

        Assert.Equal("CN=subject", certificate.Subject);
        Assert.Equal("CN=issuer", certificate.Issuer);
        Assert.Equal(Start, CertificateInspector.NotBefore(certificate));
        Assert.Equal(Start.AddHours(5), CertificateInspector.NotAfter(certificate));
        var copied = Assert.Single(certificate.Extensions.Cast<X509Extension>());
        Assert.True(copied.Critical);
        Assert.Equal(extension.RawData, copied.RawData);
    }

    [Fact]
    public async Task SignAsync_Before2050_UsesUtcTime_From2050_UsesGeneralizedTime()
    {
        using var key = SoftwareKey.Generate("k", KeyType.EcP256);

        var certificate = await SelfSignedAsync(key, new DateTimeOffset(2049, 12, 31, 23, 59, 59, TimeSpan.Zero), new DateTimeOffset(2050, 1, 1, 0, 0, 0, TimeSpan.Zero));

        var (notBefore, notAfter) = CertificateInspector.ValidityTags(certificate);
        Assert.Equal(new Asn1Tag(UniversalTagNumber.UtcTime), notBefore);
        Assert.Equal(new Asn1Tag(UniversalTagNumber.GeneralizedTime), notAfter);
        Assert.Equal(new DateTimeOffset(2050, 1, 1, 0, 0, 0, TimeSpan.Zero), CertificateInspector.NotAfter(certificate));
    }

    [Fact]
    public async Task SignAsync_SubSecondTimes_AreTruncated()
    {
        using var key = SoftwareKey.Generate("k", KeyType.EcP256);

        var certificate = await SelfSignedAsync(key, Start.AddMilliseconds(999), Start.AddHours(1).AddMilliseconds(1));

        Assert.Equal(Start, CertificateInspector.NotBefore(certificate));
        Assert.Equal(Start.AddHours(1), CertificateInspector.NotAfter(certificate));
    }

    [Fact]
    public async Task SignAsync_ManyCertificates_SerialsAre16BytePositiveAndUnique()
    {
        using var key = SoftwareKey.Generate("k", KeyType.EcP256);
        var serials = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < 50; i++)
        {
            var certificate = await SelfSignedAsync(key, Start, Start.AddDays(1));
            var serial = certificate.SerialNumberBytes.Span;
            Assert.Equal(16, serial.Length);
            Assert.Equal(0x40, serial[0] & 0xC0);
            Assert.True(serials.Add(certificate.SerialNumber));
        }
    }

    [Fact]
    public async Task SignAsync_NotAfterNotAfterNotBefore_Throws()
    {
        using var key = SoftwareKey.Generate("k", KeyType.EcP256);

        await Assert.ThrowsAsync<ArgumentException>(() => SelfSignedAsync(key, Start, Start));
    }

    [Fact]
    public async Task SignAsync_KeyManagerSignsWithAnotherKey_Throws()
    {
        using var claimed = SoftwareKey.Generate("k", KeyType.EcP256);
        using var actual = SoftwareKey.Generate("k", KeyType.EcP256);
        var lying = new MismatchedKey(claimed, actual);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SelfSignedAsync(lying, Start, Start.AddDays(1)));
        Assert.Contains("does not verify", error.Message, StringComparison.Ordinal);
    }

    private static Task<X509Certificate2> SelfSignedAsync(IManagedKey key, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var subject = new X500DistinguishedName("CN=self");
        var template = new CertificateTemplate(subject, key.SubjectPublicKeyInfo, notBefore, notAfter, []);
        return CertificateSigner.SignAsync(template, subject, key, Ct);
    }

    /// <summary>Reports one key's public half but signs with another, like a misconfigured remote key manager.</summary>
    private sealed class MismatchedKey(IManagedKey claimed, IManagedKey actual) : IManagedKey
    {
        public string Id => claimed.Id;

        public KeyType KeyType => claimed.KeyType;

        public ReadOnlyMemory<byte> SubjectPublicKeyInfo => claimed.SubjectPublicKeyInfo;

        public Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken) =>
            actual.SignDigestAsync(digest, hashAlgorithm, cancellationToken);
    }
}
