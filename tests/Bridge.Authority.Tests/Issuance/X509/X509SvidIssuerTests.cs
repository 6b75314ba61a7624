using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Issuance.X509;
using Bridge.Authority.Tests.Ca;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Tests.Issuance.X509;

public sealed class X509SvidIssuerTests
{
    private static readonly SpiffeId Workload = SpiffeId.Parse("spiffe://example.org/ns/prod/sa/web");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> LeafKeyTypes => ["P256", "P384", "RSA2048", "RSA3072"];

    [Theory]
    [MemberData(nameof(LeafKeyTypes))]
    public async Task IssueAsync_SupportedKey_CertifiesTheCsrKey(string keyType)
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey(keyType);

        var result = await fixture.Issuer.IssueAsync(CsrFactory.Create(key), Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.True(result.Succeeded);
        Assert.Equal(X509SvidFailure.None, result.Failure);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), result.Leaf.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task IssueAsync_ValidCsr_HasExactlyOneUriSanAndTheDnsSans()
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");

        var result = await fixture.Issuer.IssueAsync(
            CsrFactory.Create(key), Workload, ["web.example.org", "*.web.example.org", "WEB.example.org"], TimeSpan.FromHours(1), Ct);

        var (uris, dnsNames) = CertificateInspector.SubjectAlternativeNames(result.Leaf!);
        Assert.Equal(["spiffe://example.org/ns/prod/sa/web"], uris);
        Assert.Equal(["web.example.org", "*.web.example.org"], dnsNames);
        Assert.False(result.Leaf!.Extensions["2.5.29.17"]!.Critical);
    }

    [Fact]
    public async Task IssueAsync_WithDnsNames_SubjectIsSpiffeOrgWithFirstDnsNameAsCommonName()
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");

        var result = await fixture.Issuer.IssueAsync(
            CsrFactory.Create(key, "CN=attacker, O=Evil"), Workload, ["web.example.org", "api.example.org"], TimeSpan.FromHours(1), Ct);

        Assert.Equal("CN=web.example.org, O=SPIFFE, C=US", result.Leaf!.Subject);
    }

    [Fact]
    public async Task IssueAsync_NoDnsNames_SubjectHasNoCommonNameAndNoDnsSans()
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");

        var result = await fixture.Issuer.IssueAsync(CsrFactory.Create(key, "CN=ignored"), Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.Equal("O=SPIFFE, C=US", result.Leaf!.Subject);
        Assert.Empty(CertificateInspector.SubjectAlternativeNames(result.Leaf).DnsNames);
    }

    [Fact]
    public async Task IssueAsync_DnsNameLongerThanCommonNameLimit_GoesOnlyIntoSan()
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");
        var longName = new string('a', 60) + ".example.org";

        var result = await fixture.Issuer.IssueAsync(CsrFactory.Create(key), Workload, [longName], TimeSpan.FromHours(1), Ct);

        Assert.Equal("O=SPIFFE, C=US", result.Leaf!.Subject);
        Assert.Equal([longName], CertificateInspector.SubjectAlternativeNames(result.Leaf).DnsNames);
    }

    [Fact]
    public async Task IssueAsync_ValidCsr_BasicConstraintsIsCriticalNotCa()
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");

        var leaf = (await fixture.Issuer.IssueAsync(CsrFactory.Create(key), Workload, [], TimeSpan.FromHours(1), Ct)).Leaf!;

        var basicConstraints = CertificateInspector.Single<X509BasicConstraintsExtension>(leaf);
        Assert.True(basicConstraints.Critical);
        Assert.False(basicConstraints.CertificateAuthority);
        Assert.False(basicConstraints.HasPathLengthConstraint);
    }

    [Theory]
    [InlineData("P256", X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement)]
    [InlineData("P384", X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement)]
    [InlineData("RSA2048", X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment)]
    public async Task IssueAsync_ValidCsr_KeyUsageIsCriticalAndMatchesTheKey(string keyType, X509KeyUsageFlags expected)
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey(keyType);

        var leaf = (await fixture.Issuer.IssueAsync(CsrFactory.Create(key), Workload, [], TimeSpan.FromHours(1), Ct)).Leaf!;

        var keyUsage = CertificateInspector.Single<X509KeyUsageExtension>(leaf);
        Assert.True(keyUsage.Critical);
        Assert.Equal(expected, keyUsage.KeyUsages);
        Assert.False(keyUsage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign));
        Assert.False(keyUsage.KeyUsages.HasFlag(X509KeyUsageFlags.CrlSign));
    }

    [Fact]
    public async Task IssueAsync_ValidCsr_ExtendedKeyUsageIsServerAndClientAuth()
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");

        var leaf = (await fixture.Issuer.IssueAsync(CsrFactory.Create(key), Workload, [], TimeSpan.FromHours(1), Ct)).Leaf!;

        var eku = CertificateInspector.Single<X509EnhancedKeyUsageExtension>(leaf);
        Assert.Equal(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"], eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
    }

    [Fact]
    public async Task IssueAsync_ValidCsr_KeyIdentifiersLinkLeafToIntermediate()
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");

        var result = await fixture.Issuer.IssueAsync(CsrFactory.Create(key), Workload, [], TimeSpan.FromHours(1), Ct);

        var intermediate = result.Intermediates[0];
        Assert.Equal(CertificateInspector.ExpectedKeyIdentifier(result.Leaf!), CertificateInspector.SubjectKeyIdentifier(result.Leaf!));
        Assert.Equal(CertificateInspector.SubjectKeyIdentifier(intermediate), CertificateInspector.AuthorityKeyIdentifier(result.Leaf!));
        Assert.Equal(intermediate.SubjectName.RawData, result.Leaf!.IssuerName.RawData);
        Assert.True(CertificateInspector.IsSignedBy(result.Leaf, intermediate));
    }

    [Fact]
    public async Task IssueAsync_ValidCsr_HasExactlyTheExpectedExtensions()
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");

        var leaf = (await fixture.Issuer.IssueAsync(CsrFactory.Create(key), Workload, [], TimeSpan.FromHours(1), Ct)).Leaf!;

        Assert.Equal(
            ["2.5.29.14", "2.5.29.15", "2.5.29.17", "2.5.29.19", "2.5.29.35", "2.5.29.37"],
            leaf.Extensions.Select(e => e.Oid!.Value!).Order(StringComparer.Ordinal));
        Assert.Equal(3, leaf.Version);
    }

    [Fact]
    public async Task IssueAsync_ValidCsr_BackdatesNotBeforeTenSecondsAndHonoursTtl()
    {
        using var fixture = new CaFixture();
        await fixture.Authority.InitializeAsync(Ct);
        fixture.Time.Advance(TimeSpan.FromMinutes(3));
        var now = fixture.Time.GetUtcNow();
        using var key = CsrFactory.CreateKey("P256");

        var result = await fixture.Issuer.IssueAsync(CsrFactory.Create(key), Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.Equal(now - TimeSpan.FromSeconds(10), CertificateInspector.NotBefore(result.Leaf!));
        Assert.Equal(now + TimeSpan.FromHours(1), CertificateInspector.NotAfter(result.Leaf!));
        Assert.Equal(now + TimeSpan.FromHours(1), result.ExpiresAt);
    }

    [Fact]
    public async Task IssueAsync_TtlBeyondIntermediate_IsCappedAtIntermediateNotAfter()
    {
        using var fixture = new CaFixture(caTtl: TimeSpan.FromHours(24));
        await fixture.Authority.InitializeAsync(Ct);
        fixture.Time.Advance(TimeSpan.FromHours(11));
        using var key = CsrFactory.CreateKey("P256");

        var result = await fixture.Issuer.IssueAsync(CsrFactory.Create(key), Workload, [], TimeSpan.FromDays(30), Ct);

        Assert.Equal(fixture.Authority.NotAfter, CertificateInspector.NotAfter(result.Leaf!));
        Assert.Equal(fixture.Authority.NotAfter, result.ExpiresAt);
        Assert.Equal(CertificateInspector.NotAfter(result.Intermediates[0]), result.ExpiresAt);
    }

    [Fact]
    public async Task IssueAsync_SubSecondClock_ExpiresAtEqualsEncodedNotAfter()
    {
        using var fixture = new CaFixture(start: CaFixture.Start.AddMilliseconds(789));
        using var key = CsrFactory.CreateKey("P256");

        var result = await fixture.Issuer.IssueAsync(CsrFactory.Create(key), Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.Equal(CertificateInspector.NotAfter(result.Leaf!), result.ExpiresAt);
        Assert.Equal(CaFixture.Start + TimeSpan.FromHours(1), result.ExpiresAt);
    }

    [Fact]
    public async Task IssueAsync_ManyLeaves_SerialNumbersAreUniquePositiveAndReported()
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");
        var csr = CsrFactory.Create(key);
        var serials = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < 20; i++)
        {
            var result = await fixture.Issuer.IssueAsync(csr, Workload, [], TimeSpan.FromHours(1), Ct);
            Assert.Equal(result.Leaf!.SerialNumber, result.SerialNumber);
            Assert.Equal(16, result.Leaf.SerialNumberBytes.Length);
            Assert.Equal(0, result.Leaf.SerialNumberBytes.Span[0] & 0x80);
            Assert.True(serials.Add(result.SerialNumber));
        }
    }

    [Theory]
    [InlineData(KeyType.EcP256, "1.2.840.10045.4.3.2")]
    [InlineData(KeyType.EcP384, "1.2.840.10045.4.3.3")]
    [InlineData(KeyType.Rsa2048, "1.2.840.113549.1.1.11")]
    public async Task IssueAsync_EachCaKeyType_LeafSignedWithMatchingAlgorithmAndChainValidates(KeyType caKeyType, string signatureOid)
    {
        using var fixture = new CaFixture(caKeyType);
        using var key = CsrFactory.CreateKey("P256");

        var result = await fixture.Issuer.IssueAsync(CsrFactory.Create(key), Workload, ["web.example.org"], TimeSpan.FromHours(1), Ct);

        Assert.Equal(signatureOid, result.Leaf!.SignatureAlgorithm.Value);
        var (valid, status) = CertificateInspector.BuildChain(result.Leaf, result.Intermediates, result.TrustAnchors, fixture.Time.GetUtcNow());
        Assert.True(valid, status);
    }

    [Fact]
    public async Task IssueAsync_ValidCsr_ReturnsTheAuthorityChain()
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");

        var result = await fixture.Issuer.IssueAsync(CsrFactory.Create(key), Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.Same(fixture.Authority.Intermediates, result.Intermediates);
        Assert.Same(fixture.Authority.TrustAnchors, result.TrustAnchors);
        Assert.Equal(
            (await fixture.Upstream.GetRootCertificateAsync(Ct)).RawData,
            Assert.Single(result.TrustAnchors).RawData);
    }

    [Theory]
    [InlineData("spiffe://example.org")]
    [InlineData("spiffe://other.org/workload")]
    public async Task IssueAsync_SpiffeIdRootOrForeign_Throws(string id)
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");

        await Assert.ThrowsAsync<ArgumentException>(
            () => fixture.Issuer.IssueAsync(CsrFactory.Create(key), SpiffeId.Parse(id), [], TimeSpan.FromHours(1), Ct));
    }

    [Fact]
    public async Task IssueAsync_ZeroSpiffeId_Throws()
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");

        await Assert.ThrowsAsync<ArgumentException>(
            () => fixture.Issuer.IssueAsync(CsrFactory.Create(key), default, [], TimeSpan.FromHours(1), Ct));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-bad.example.org")]
    [InlineData("bad-.example.org")]
    [InlineData("a..b")]
    [InlineData("trailing.dot.")]
    [InlineData("spaces are.bad")]
    [InlineData("ünicode.example.org")]
    [InlineData("*.com")]
    [InlineData("a.*.example.org")]
    public async Task IssueAsync_InvalidDnsName_Throws(string dnsName)
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");

        await Assert.ThrowsAsync<ArgumentException>(
            () => fixture.Issuer.IssueAsync(CsrFactory.Create(key), Workload, [dnsName], TimeSpan.FromHours(1), Ct));
    }

    [Fact]
    public async Task IssueAsync_DnsNameTooLong_Throws()
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");
        var name = string.Join('.', Enumerable.Repeat(new string('a', 63), 4));

        await Assert.ThrowsAsync<ArgumentException>(
            () => fixture.Issuer.IssueAsync(CsrFactory.Create(key), Workload, [name], TimeSpan.FromHours(1), Ct));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task IssueAsync_NonPositiveTtl_Throws(int seconds)
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => fixture.Issuer.IssueAsync(CsrFactory.Create(key), Workload, [], TimeSpan.FromSeconds(seconds), Ct));
    }

    [Fact]
    public async Task IssueAsync_AuthorityNotInitialized_MintsOnFirstUse()
    {
        using var fixture = new CaFixture();
        using var key = CsrFactory.CreateKey("P256");

        var result = await fixture.Issuer.IssueAsync(CsrFactory.Create(key), Workload, [], TimeSpan.FromHours(1), Ct);

        Assert.True(result.Succeeded);
        Assert.Single(fixture.Authority.Intermediates);
    }
}
