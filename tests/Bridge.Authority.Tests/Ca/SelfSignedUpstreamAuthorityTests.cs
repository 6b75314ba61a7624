using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Ca;
using Bridge.Authority.Ca.Rotation;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;
using Bridge.Authority.Local.State;
using Bridge.Authority.Rotation.Engine;
using Bridge.Testing.Authority;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Authority.Tests.Ca;

public sealed class SelfSignedUpstreamAuthorityTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(CaFixture.Start);
    private readonly InMemoryKeyManager _keyManager = new();
    private readonly InMemoryAuthorityStateStore _store = new();
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("bridge-root-");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string RootPath => Path.Combine(_directory.FullName, "state", "root.pem");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task GetRootCertificateAsync_NewRoot_IsSelfSignedCriticalCaForTheTrustDomain()
    {
        using var authority = Create();

        var root = await authority.GetRootCertificateAsync(Ct);

        Assert.Equal(root.SubjectName.RawData, root.IssuerName.RawData);
        Assert.True(CertificateInspector.IsSignedBy(root, root));
        var basicConstraints = CertificateInspector.Single<X509BasicConstraintsExtension>(root);
        Assert.True(basicConstraints.Critical);
        Assert.True(basicConstraints.CertificateAuthority);
        var keyUsage = CertificateInspector.Single<X509KeyUsageExtension>(root);
        Assert.True(keyUsage.Critical);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, keyUsage.KeyUsages);
        Assert.Equal(["spiffe://example.org"], CertificateInspector.SubjectAlternativeNames(root).Uris);
        Assert.Equal(CertificateInspector.ExpectedKeyIdentifier(root), CertificateInspector.SubjectKeyIdentifier(root));
        var subject = CertificateInspector.NameInDerOrder(root.SubjectName);
        Assert.Equal(["2.5.4.6=US", "2.5.4.10=SPIFFE"], subject[..2]);
        Assert.Matches("^2\\.5\\.4\\.5=[0-9A-F]{32}$", subject[2]);
    }

    [Fact]
    public async Task GetRootCertificateAsync_NewRoot_LivesRootTtlFromTenSecondsAgo()
    {
        using var authority = Create(o => o.RootTtl = TimeSpan.FromDays(30));

        var root = await authority.GetRootCertificateAsync(Ct);

        Assert.Equal(CaFixture.Start.AddSeconds(-10), CertificateInspector.NotBefore(root));
        Assert.Equal(CaFixture.Start.AddDays(30), CertificateInspector.NotAfter(root));
    }

    [Theory]
    [InlineData(KeyType.EcP256)]
    [InlineData(KeyType.EcP384)]
    [InlineData(KeyType.Rsa2048)]
    public async Task GetRootCertificateAsync_RootKeyType_KeyIsInTheKeyManager(KeyType keyType)
    {
        using var authority = Create(o => o.RootKeyType = keyType);

        var root = await authority.GetRootCertificateAsync(Ct);

        var key = Assert.Single(await _keyManager.GetKeysAsync(Ct));
        Assert.Matches("^upstream-root-20260301120000-[0-9a-f]{8}$", key.Id);
        Assert.Equal(keyType, key.KeyType);
        Assert.Equal(key.SubjectPublicKeyInfo.ToArray(), root.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task MintX509CaAsync_ValidCsr_IssuesPathLenZeroCaForTheTrustDomain()
    {
        using var authority = Create();
        using var key = CsrFactory.CreateKey("P256");

        var chain = await authority.MintX509CaAsync(CsrFactory.Create(key, "C=US, O=SPIFFE, CN=bridge"), TimeSpan.FromHours(24), Ct);

        var intermediate = Assert.Single(chain.CaChain);
        var root = Assert.Single(chain.UpstreamRoots);
        var basicConstraints = CertificateInspector.Single<X509BasicConstraintsExtension>(intermediate);
        Assert.True(basicConstraints.Critical);
        Assert.True(basicConstraints.CertificateAuthority);
        Assert.True(basicConstraints.HasPathLengthConstraint);
        Assert.Equal(0, basicConstraints.PathLengthConstraint);
        var keyUsage = CertificateInspector.Single<X509KeyUsageExtension>(intermediate);
        Assert.True(keyUsage.Critical);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, keyUsage.KeyUsages);
        Assert.Equal(["spiffe://example.org"], CertificateInspector.SubjectAlternativeNames(intermediate).Uris);
        Assert.Equal(CertificateInspector.ExpectedKeyIdentifier(intermediate), CertificateInspector.SubjectKeyIdentifier(intermediate));
        Assert.Equal(CertificateInspector.SubjectKeyIdentifier(root), CertificateInspector.AuthorityKeyIdentifier(intermediate));
        Assert.Equal(root.SubjectName.RawData, intermediate.IssuerName.RawData);
        Assert.Equal(new X500DistinguishedName("C=US, O=SPIFFE, CN=bridge").RawData, intermediate.SubjectName.RawData);
        Assert.True(CertificateInspector.IsSignedBy(intermediate, root));
    }

    [Fact]
    public async Task MintX509CaAsync_ValidCsr_BackdatesTenSecondsAndHonoursTtl()
    {
        using var authority = Create();
        using var key = CsrFactory.CreateKey("P256");
        await authority.GetRootCertificateAsync(Ct);
        _time.Advance(TimeSpan.FromHours(1));

        var intermediate = (await authority.MintX509CaAsync(CsrFactory.Create(key), TimeSpan.FromHours(24), Ct)).CaChain[0];

        Assert.Equal(CaFixture.Start.AddHours(1).AddSeconds(-10), CertificateInspector.NotBefore(intermediate));
        Assert.Equal(CaFixture.Start.AddHours(25), CertificateInspector.NotAfter(intermediate));
    }

    [Fact]
    public async Task MintX509CaAsync_TtlBeyondRoot_IsCappedAtRootNotAfter()
    {
        using var authority = Create(o => o.RootTtl = TimeSpan.FromDays(10));
        using var key = CsrFactory.CreateKey("P256");

        var chain = await authority.MintX509CaAsync(CsrFactory.Create(key), TimeSpan.FromDays(100), Ct);

        Assert.Equal(CertificateInspector.NotAfter(chain.UpstreamRoots[0]), CertificateInspector.NotAfter(chain.CaChain[0]));
    }

    [Fact]
    public async Task MintX509CaAsync_CsrWithEmptySubject_GetsAGeneratedCaSubject()
    {
        using var authority = Create();
        using var key = CsrFactory.CreateKey("P256");

        var chain = await authority.MintX509CaAsync(CsrFactory.Create(key, string.Empty), TimeSpan.FromHours(1), Ct);

        Assert.Equal(["2.5.4.6=US", "2.5.4.10=SPIFFE"], CertificateInspector.NameInDerOrder(chain.CaChain[0].SubjectName)[..2]);
        Assert.NotEqual(chain.UpstreamRoots[0].SubjectName.RawData, chain.CaChain[0].SubjectName.RawData);
    }

    [Fact]
    public async Task MintX509CaAsync_CsrCopyingTheRootSubject_GetsAGeneratedCaSubject()
    {
        using var authority = Create();
        using var key = CsrFactory.CreateKey("P256");
        var root = await authority.GetRootCertificateAsync(Ct);

        var chain = await authority.MintX509CaAsync(CsrFactory.Create(key, root.Subject), TimeSpan.FromHours(1), Ct);

        Assert.NotEqual(root.SubjectName.RawData, chain.CaChain[0].SubjectName.RawData);
    }

    [Fact]
    public async Task MintX509CaAsync_InvalidCsr_Throws()
    {
        using var authority = Create();

        await Assert.ThrowsAsync<ArgumentException>(() => authority.MintX509CaAsync(new byte[] { 0x30, 0x00 }, TimeSpan.FromHours(1), Ct));
    }

    [Fact]
    public async Task MintX509CaAsync_NonPositiveTtl_Throws()
    {
        using var authority = Create();
        using var key = CsrFactory.CreateKey("P256");

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => authority.MintX509CaAsync(CsrFactory.Create(key), TimeSpan.Zero, Ct));
    }

    [Fact]
    public async Task GetRootCertificateAsync_PastHalfLife_MakesANewRoot()
    {
        using var authority = Create(o => o.RootTtl = TimeSpan.FromDays(10));
        var first = await authority.GetRootCertificateAsync(Ct);

        _time.Advance(TimeSpan.FromDays(4));
        var beforeHalf = await authority.GetRootCertificateAsync(Ct);
        _time.Advance(TimeSpan.FromDays(1));
        var afterHalf = await authority.GetRootCertificateAsync(Ct);

        Assert.Equal(first.Thumbprint, beforeHalf.Thumbprint);
        Assert.NotEqual(first.Thumbprint, afterHalf.Thumbprint);
    }

    [Fact]
    public async Task GetRootCertificateAsync_NoPath_EachProcessMakesItsOwnRoot()
    {
        using var first = Create();
        using var second = Create();

        var a = await first.GetRootCertificateAsync(Ct);
        var b = await second.GetRootCertificateAsync(Ct);

        Assert.NotEqual(a.Thumbprint, b.Thumbprint);
    }

    [Fact]
    public async Task GetRootCertificateAsync_SharedStore_EveryInstanceUsesTheSameRoot()
    {
        using var first = Create(store: _store);
        using var second = Create(store: _store);

        var a = await first.GetRootCertificateAsync(Ct);
        var b = await second.GetRootCertificateAsync(Ct);

        Assert.Equal(a.Thumbprint, b.Thumbprint);
        Assert.Single(await _keyManager.GetKeysAsync(Ct));
    }

    [Fact]
    public async Task GetRootCertificateAsync_WithPath_ExportsOwnerOnlyPem()
    {
        using var authority = Create(o => o.RootCertificatePath = RootPath);

        var root = await authority.GetRootCertificateAsync(Ct);

        Assert.Equal(root.Thumbprint, X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(RootPath, Ct)).Thumbprint);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(RootPath));
        }

        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(RootPath)!));
    }

    [Fact]
    public async Task GetRootCertificateAsync_SharedRootButKeyGone_Throws()
    {
        using var first = Create(store: _store);
        await first.GetRootCertificateAsync(Ct);

        using var second = new SelfSignedUpstreamAuthority(
            Options.Create(new SelfSignedUpstreamOptions()),
            Options.Create(new AuthorityOptions { TrustDomain = "example.org" }),
            new InMemoryKeyManager(),
            _store,
            _time,
            NullLogger<SelfSignedUpstreamAuthority>.Instance);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => second.GetRootCertificateAsync(Ct));
        Assert.Contains("missing from the key manager", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRootCertificateAsync_SharedRootPastHalfLife_OneNewRootForEveryInstance_OldKeyDeletedAfterExpiry()
    {
        using var first = Create(o => o.RootTtl = TimeSpan.FromDays(10), store: _store);
        using var second = Create(o => o.RootTtl = TimeSpan.FromDays(10), store: _store);
        var root = await first.GetRootCertificateAsync(Ct);
        var oldKeyId = Assert.Single(await _keyManager.GetKeysAsync(Ct)).Id;

        _time.Advance(TimeSpan.FromDays(6));
        var renewed = await first.GetRootCertificateAsync(Ct);
        var seenBySecond = await second.GetRootCertificateAsync(Ct);

        Assert.NotEqual(root.Thumbprint, renewed.Thumbprint);
        Assert.Equal(renewed.Thumbprint, seenBySecond.Thumbprint);
        Assert.Equal(2, (await _keyManager.GetKeysAsync(Ct)).Count);

        _time.Advance(TimeSpan.FromDays(4));
        await first.GetRootCertificateAsync(Ct);

        var keys = await _keyManager.GetKeysAsync(Ct);
        Assert.Single(keys);
        Assert.NotEqual(oldKeyId, keys[0].Id);
    }

    [Fact]
    public async Task GetRootCertificateAsync_SharedRootOfAnotherTrustDomain_Throws()
    {
        using var first = Create(store: _store);
        await first.GetRootCertificateAsync(Ct);

        using var second = Create(trustDomain: "other.org", store: _store);

        await Assert.ThrowsAsync<InvalidOperationException>(() => second.GetRootCertificateAsync(Ct));
    }

    [Fact]
    public async Task GetRootCertificateAsync_StaleClaimOfADeadInstance_IsTakenOverAndItsKeyDeleted()
    {
        var deadClaim = "upstream-root-20260301115000-deadbeef";
        await _keyManager.GenerateKeyAsync(deadClaim, KeyType.EcP256, Ct);
        var document = new CaSlotDocument().With(
            new CaSlot { SlotId = deadClaim, Status = SlotStatus.Pending, KeyType = KeyType.EcP256, ClaimedAt = CaFixture.Start.AddMinutes(-10) });
        await _store.TryWriteAsync(
            SelfSignedUpstreamAuthority.DocumentName, JsonSerializer.SerializeToUtf8Bytes(document, CaSlotJsonContext.Default.CaSlotDocument), 0, Ct);
        using var authority = Create(store: _store);

        var root = await authority.GetRootCertificateAsync(Ct);

        var key = Assert.Single(await _keyManager.GetKeysAsync(Ct));
        Assert.NotEqual(deadClaim, key.Id);
        Assert.Equal(key.SubjectPublicKeyInfo.ToArray(), root.PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a pem")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]
    public async Task GetRootCertificateAsync_CorruptPersistedFile_MakesANewRoot(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(RootPath)!);
        await File.WriteAllTextAsync(RootPath, content, Ct);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(RootPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        using var authority = Create(o => o.RootCertificatePath = RootPath);

        var root = await authority.GetRootCertificateAsync(Ct);

        Assert.Equal(root.Thumbprint, X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(RootPath, Ct)).Thumbprint);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(RootPath));
        }
    }

    [Fact]
    public void Constructor_InvalidTrustDomain_Throws()
    {
        Assert.Throws<OptionsValidationException>(() => Create(trustDomain: "Not A Domain"));
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.Throws<OptionsValidationException>(() => Create(o => o.RootKeyId = ""));
    }

    private SelfSignedUpstreamAuthority Create(
        Action<SelfSignedUpstreamOptions>? configure = null, string trustDomain = "example.org", InMemoryAuthorityStateStore? store = null)
    {
        var options = new SelfSignedUpstreamOptions();
        configure?.Invoke(options);
        return store is null
            ? SingleProcessAuthority.CreateSelfSignedUpstream(Options.Create(options), Options.Create(new AuthorityOptions { TrustDomain = trustDomain }), _keyManager, _time)
            : new SelfSignedUpstreamAuthority(
                Options.Create(options),
                Options.Create(new AuthorityOptions { TrustDomain = trustDomain }),
                _keyManager,
                store,
                _time,
                NullLogger<SelfSignedUpstreamAuthority>.Instance);
    }
}
