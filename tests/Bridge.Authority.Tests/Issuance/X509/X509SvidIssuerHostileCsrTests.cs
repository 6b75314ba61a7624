using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Authority.Issuance.X509;
using Bridge.Authority.Tests.Ca;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Tests.Issuance.X509;

public sealed class X509SvidIssuerHostileCsrTests
{
    private static readonly SpiffeId Workload = SpiffeId.Parse("spiffe://example.org/workload");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task IssueAsync_CsrRequestsCaTrue_IssuesOrdinaryLeaf()
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");
        var csr = CsrFactory.Create(
            key,
            "CN=evil-ca",
            new X509BasicConstraintsExtension(true, false, 0, true),
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));

        var result = await fixture.Issuer.IssueAsync(csr, Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.True(result.Succeeded);
        Assert.False(CertificateInspector.Single<X509BasicConstraintsExtension>(result.Leaf).CertificateAuthority);
        var keyUsage = CertificateInspector.Single<X509KeyUsageExtension>(result.Leaf).KeyUsages;
        Assert.False(keyUsage.HasFlag(X509KeyUsageFlags.KeyCertSign));
        Assert.False(keyUsage.HasFlag(X509KeyUsageFlags.CrlSign));
    }

    [Fact]
    public async Task IssueAsync_CsrRequestsExtraSans_GetsOnlyTheAuthorizedNames()
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri("spiffe://example.org/admin"));
        san.AddUri(new Uri("spiffe://other.org/x"));
        san.AddDnsName("evil.example.com");
        san.AddEmailAddress("root@example.org");
        var csr = CsrFactory.Create(key, "CN=evil.example.com", san.Build(critical: true));

        var result = await fixture.Issuer.IssueAsync(csr, Workload, ["web.example.org"], TimeSpan.FromHours(1), Ct);

        var (uris, dnsNames) = CertificateInspector.SubjectAlternativeNames(result.Leaf!);
        Assert.Equal(["spiffe://example.org/workload"], uris);
        Assert.Equal(["web.example.org"], dnsNames);
        Assert.DoesNotContain("evil", result.Leaf!.Subject, StringComparison.Ordinal);
        Assert.Single(result.Leaf.Extensions.Cast<X509Extension>(), e => e.Oid!.Value == "2.5.29.17");
    }

    [Theory]
    [InlineData("RSA1024")]
    [InlineData("P521")]
    public async Task IssueAsync_WeakOrUnlistedKey_IsUnsupported(string keyType)
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey(keyType);

        var result = await fixture.Issuer.IssueAsync(CsrFactory.Create(key), Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.False(result.Succeeded);
        Assert.Equal(X509SvidFailure.UnsupportedKey, result.Failure);
        Assert.Null(result.Leaf);
        Assert.Empty(result.Intermediates);
        Assert.Empty(result.TrustAnchors);
        Assert.Equal(string.Empty, result.SerialNumber);
    }

    [Fact]
    public async Task IssueAsync_DsaKey_IsUnsupported()
    {
        using var fixture = new CaFixture();
        using var dsa = DSA.Create(2048);
        var csr = CsrFactory.Handcrafted(dsa.ExportSubjectPublicKeyInfo(), "2.16.840.1.101.3.4.3.2", new byte[64]);

        var result = await fixture.Issuer.IssueAsync(csr, Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.Equal(X509SvidFailure.UnsupportedKey, result.Failure);
    }

    [Fact]
    public async Task IssueAsync_Ed25519Key_IsUnsupported()
    {
        using var fixture = new CaFixture();
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier("1.3.101.112");
            }

            writer.WriteBitString(RandomNumberGenerator.GetBytes(32));
        }

        var csr = CsrFactory.Handcrafted(writer.Encode(), "1.3.101.112", new byte[64]);

        var result = await fixture.Issuer.IssueAsync(csr, Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.Equal(X509SvidFailure.UnsupportedKey, result.Failure);
    }

    [Fact]
    public async Task IssueAsync_EcKeyWithExplicitCurveParameters_IsUnsupported()
    {
        using var fixture = new CaFixture();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var explicitParameters = key.ExportExplicitParameters(includePrivateParameters: false);
        using var explicitKey = ECDsa.Create(explicitParameters);
        var csr = CsrFactory.Handcrafted(explicitKey.ExportSubjectPublicKeyInfo(), "1.2.840.10045.4.3.2", new byte[64]);

        var result = await fixture.Issuer.IssueAsync(csr, Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.Equal(X509SvidFailure.UnsupportedKey, result.Failure);
    }

    [Fact]
    public async Task IssueAsync_RsaKeyAbove8192Bits_IsUnsupported()
    {
        using var fixture = new CaFixture();

        // An RSA public key needs no primes: a random odd 9000-bit modulus makes a well-formed key fast.
        var modulus = RandomNumberGenerator.GetBytes(9000 / 8);
        modulus[0] |= 0x80;
        modulus[^1] |= 0x01;
        using var rsa = RSA.Create();
        rsa.ImportParameters(new RSAParameters { Modulus = modulus, Exponent = [0x01, 0x00, 0x01] });
        var csr = CsrFactory.Handcrafted(rsa.ExportSubjectPublicKeyInfo(), "1.2.840.113549.1.1.11", new byte[modulus.Length]);

        var result = await fixture.Issuer.IssueAsync(csr, Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.Equal(X509SvidFailure.UnsupportedKey, result.Failure);
    }

    [Fact]
    public async Task IssueAsync_TamperedRequestInfo_IsInvalidSignature()
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");
        var csr = CsrFactory.Create(key, "CN=aaaaaaaa");
        var index = csr.AsSpan().IndexOf("aaaaaaaa"u8);
        csr[index] = (byte)'b';

        var result = await fixture.Issuer.IssueAsync(csr, Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.Equal(X509SvidFailure.InvalidCsrSignature, result.Failure);
    }

    [Fact]
    public async Task IssueAsync_TamperedRsaSignature_IsInvalidSignature()
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("RSA2048");
        var csr = CsrFactory.Create(key);
        csr[^1] ^= 0x01;

        var result = await fixture.Issuer.IssueAsync(csr, Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.Equal(X509SvidFailure.InvalidCsrSignature, result.Failure);
    }

    [Fact]
    public async Task IssueAsync_SignedByAnotherKey_IsInvalidSignature()
    {
        using var fixture = new CaFixture();
        using var key = (RSA)CsrFactory.CreateKey("RSA2048");
        using var other = (RSA)CsrFactory.CreateKey("RSA2048");
        var csr = CsrFactory.ResignRsa(CsrFactory.Create(key), other, HashAlgorithmName.SHA256, "1.2.840.113549.1.1.11");

        var result = await fixture.Issuer.IssueAsync(csr, Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.Equal(X509SvidFailure.InvalidCsrSignature, result.Failure);
    }

    [Fact]
    public async Task IssueAsync_Sha1Signature_IsInvalidSignature()
    {
        using var fixture = new CaFixture();
        using var key = (RSA)CsrFactory.CreateKey("RSA2048");
        var csr = CsrFactory.ResignRsa(CsrFactory.Create(key), key, HashAlgorithmName.SHA1, "1.2.840.113549.1.1.5");

        var result = await fixture.Issuer.IssueAsync(csr, Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.Equal(X509SvidFailure.InvalidCsrSignature, result.Failure);
    }

    [Fact]
    public async Task IssueAsync_ResignedWithSha512_IsAccepted()
    {
        using var fixture = new CaFixture();
        using var key = (RSA)CsrFactory.CreateKey("RSA2048");
        var csr = CsrFactory.ResignRsa(CsrFactory.Create(key), key, HashAlgorithmName.SHA512, "1.2.840.113549.1.1.13");

        var result = await fixture.Issuer.IssueAsync(csr, Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task IssueAsync_EcKeyWithRsaSignatureAlgorithm_IsInvalidSignature()
    {
        using var fixture = new CaFixture();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = CsrFactory.Handcrafted(key.ExportSubjectPublicKeyInfo(), "1.2.840.113549.1.1.11", new byte[256]);

        var result = await fixture.Issuer.IssueAsync(csr, Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.Equal(X509SvidFailure.InvalidCsrSignature, result.Failure);
    }

    public static TheoryData<byte[]> MalformedInputs => new()
    {
        Array.Empty<byte>(),
        new byte[] { 0x30 },
        new byte[] { 0x30, 0x00 },
        new byte[] { 0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF },
        RandomNumberGenerator.GetBytes(512),
        "-----BEGIN CERTIFICATE REQUEST-----"u8.ToArray(),
        new byte[16 * 1024 + 1],
    };

    [Theory]
    [MemberData(nameof(MalformedInputs))]
    public async Task IssueAsync_GarbageInput_IsMalformed(byte[] input)
    {
        using var fixture = new CaFixture();

        var result = await fixture.Issuer.IssueAsync(input, Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.Equal(X509SvidFailure.MalformedCsr, result.Failure);
    }

    [Fact]
    public async Task IssueAsync_TrailingBytes_IsMalformed()
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");

        var result = await fixture.Issuer.IssueAsync((byte[])[.. CsrFactory.Create(key), 0x00], Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.Equal(X509SvidFailure.MalformedCsr, result.Failure);
    }

    [Fact]
    public async Task IssueAsync_Truncated_IsMalformed()
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");
        var csr = CsrFactory.Create(key);

        var result = await fixture.Issuer.IssueAsync(csr.AsMemory(0, csr.Length - 1), Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.Equal(X509SvidFailure.MalformedCsr, result.Failure);
    }

    [Fact]
    public async Task IssueAsync_ValidCsrPaddedBeyondSizeCap_IsMalformed()
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");
        var csr = CsrFactory.Create(key);
        var huge = new byte[64 * 1024];
        csr.CopyTo(huge, 0);

        var result = await fixture.Issuer.IssueAsync(huge, Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.Equal(X509SvidFailure.MalformedCsr, result.Failure);
    }

    [Fact]
    public async Task IssueAsync_ValidlySignedCsrOverSizeCap_IsMalformed()
    {
        using var fixture = new CaFixture();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        for (var i = 0; i < 300; i++)
        {
            subject.AddOrganizationalUnitName(new string('u', 60));
        }

        var csr = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256).CreateSigningRequest();
        Assert.InRange(csr.Length, (16 * 1024) + 1, 64 * 1024);

        var result = await fixture.Issuer.IssueAsync(csr, Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.Equal(X509SvidFailure.MalformedCsr, result.Failure);
    }

    [Fact]
    public async Task IssueAsync_BerIndefiniteLength_IsMalformed()
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");
        var der = CsrFactory.Create(key);

        // Re-wrap the body in a BER indefinite-length SEQUENCE: same content, not DER.
        var body = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var content = new List<byte> { 0x30, 0x80 };
        while (body.HasData)
        {
            content.AddRange(body.ReadEncodedValue().ToArray());
        }

        content.AddRange([0x00, 0x00]);

        var result = await fixture.Issuer.IssueAsync(content.ToArray(), Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.Equal(X509SvidFailure.MalformedCsr, result.Failure);
    }

    [Fact]
    public async Task IssueAsync_CertificateInsteadOfCsr_IsMalformed()
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");
        var leaf = (await fixture.Issuer.IssueAsync(CsrFactory.Create(key), Workload, [], TimeSpan.FromHours(1), Ct)).Leaf!;

        var result = await fixture.Issuer.IssueAsync(leaf.RawData, Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.Equal(X509SvidFailure.MalformedCsr, result.Failure);
    }

    [Fact]
    public async Task IssueAsync_RejectedCsr_DoesNotMintAnIntermediate()
    {
        using var fixture = new CaFixture();

        var result = await fixture.Issuer.IssueAsync(new byte[] { 1, 2, 3 }, Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.False(result.Succeeded);
        Assert.Throws<InvalidOperationException>(() => fixture.Authority.Intermediates);
        Assert.Null(await fixture.KeyManager.GetKeyAsync("x509-ca", Ct));
    }

    [Fact]
    public async Task IssueAsync_RandomMutationsOfValidCsr_NeverThrow()
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");
        var csr = CsrFactory.Create(key);
        var random = new Random(1234);

        for (var i = 0; i < 200; i++)
        {
            var mutated = (byte[])csr.Clone();
            mutated[random.Next(mutated.Length)] = (byte)random.Next(256);
            var result = await fixture.Issuer.IssueAsync(mutated, Workload, [], TimeSpan.FromHours(1), Ct);
            Assert.True(result.Succeeded || result.Failure != X509SvidFailure.None);
            if (result.Succeeded)
            {
                Assert.Equal(key.ExportSubjectPublicKeyInfo(), result.Leaf.PublicKey.ExportSubjectPublicKeyInfo());
            }
        }
    }
}
