using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions.Keys;
using Bridge.Abstractions.Upstream;
using Bridge.Authority.Ca;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;
using Bridge.Testing.Authority;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Tests.Ca;

public sealed class X509CertificateAuthorityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(KeyType.EcP256)]
    [InlineData(KeyType.EcP384)]
    [InlineData(KeyType.Rsa2048)]
    public async Task InitializeAsync_CaKeyType_CertifiesTheX509CaKey(KeyType keyType)
    {
        using var fixture = new CaFixture(keyType);

        await fixture.Authority.InitializeAsync(Ct);

        var key = Assert.Single(await fixture.KeyManager.GetKeysAsync(Ct), k => k.Id.StartsWith("x509-ca-", StringComparison.Ordinal));
        Assert.Equal(keyType, key.KeyType);
        var intermediate = Assert.Single(fixture.Authority.Intermediates);
        Assert.Equal(key.SubjectPublicKeyInfo.ToArray(), intermediate.PublicKey.ExportSubjectPublicKeyInfo());
        var root = Assert.Single(fixture.Authority.TrustAnchors);
        Assert.Equal((await fixture.Upstream.GetRootCertificateAsync(Ct)).Thumbprint, root.Thumbprint);
        var (valid, status) = CertificateInspector.BuildChain(intermediate, [], [root], fixture.Time.GetUtcNow());
        Assert.True(valid, status);
    }

    [Fact]
    public async Task InitializeAsync_RequestsCaTtl()
    {
        using var fixture = new CaFixture(caTtl: TimeSpan.FromHours(48));

        await fixture.Authority.InitializeAsync(Ct);

        Assert.Equal(CaFixture.Start.AddHours(48), fixture.Authority.NotAfter);
        Assert.Equal(CaFixture.Start.AddHours(48), CertificateInspector.NotAfter(fixture.Authority.Intermediates[0]));
    }

    [Fact]
    public async Task InitializeAsync_KeyIdIsUniquePerSlot()
    {
        using var fixture = new CaFixture();
        await fixture.KeyManager.GenerateKeyAsync("x509-ca", KeyType.EcP256, Ct);

        await fixture.Authority.InitializeAsync(Ct);

        var caKeys = (await fixture.KeyManager.GetKeysAsync(Ct)).Where(k => k.Id.StartsWith("x509-ca-", StringComparison.Ordinal)).ToList();
        var key = Assert.Single(caKeys);
        Assert.Matches("^x509-ca-20260301120000-[0-9a-f]{8}$", key.Id);
        Assert.Equal(key.SubjectPublicKeyInfo.ToArray(), fixture.Authority.Intermediates[0].PublicKey.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task RefreshAsync_AtHalfLife_PreparesTheNext_KeepsSigningWithTheFirstUntilFiveSixths()
    {
        using var fixture = new CaFixture(caTtl: TimeSpan.FromHours(24));
        await fixture.Authority.InitializeAsync(Ct);
        var first = fixture.Authority.Intermediates[0];

        fixture.Time.Advance(TimeSpan.FromHours(11));
        await fixture.Authority.RefreshAsync(Ct);
        var beforeHalf = fixture.Authority.Intermediates[0];
        fixture.Time.Advance(TimeSpan.FromHours(1));
        await fixture.Authority.RefreshAsync(Ct);
        var afterHalf = fixture.Authority.Intermediates[0];
        fixture.Time.Advance(TimeSpan.FromHours(8));
        await fixture.Authority.RefreshAsync(Ct);
        var afterFiveSixths = fixture.Authority.Intermediates[0];

        Assert.Same(first, beforeHalf);
        Assert.Same(first, afterHalf);
        Assert.NotEqual(first.Thumbprint, afterFiveSixths.Thumbprint);
        Assert.Equal(CaFixture.Start.AddHours(36), fixture.Authority.NotAfter);
    }

    [Fact]
    public async Task InitializeAsync_Concurrently_MintsOnce()
    {
        using var fixture = new CaFixture();
        var upstream = new CountingUpstream(fixture.Upstream);
        var authority = Create(upstream, fixture.Time);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => authority.InitializeAsync(Ct)));

        Assert.Equal(1, upstream.Calls);
    }

    [Theory]
    [InlineData(24, 4 * 60)]
    [InlineData(6, 60)]
    [InlineData(24 * 60, 7 * 24 * 60)]
    public async Task MaxSvidTtl_IsSixthOfCaLifetimeCappedAtSevenDays(int caTtlHours, int expectedMinutes)
    {
        using var fixture = new CaFixture(caTtl: TimeSpan.FromHours(caTtlHours));
        await fixture.Authority.InitializeAsync(Ct);

        // The minted lifetime includes the 10 s NotBefore cushion.
        var expected = X509CertificateAuthority.MaxSvidTtlFor(TimeSpan.FromHours(caTtlHours) + TimeSpan.FromSeconds(10));
        Assert.Equal(expected, fixture.Authority.MaxSvidTtl);
        Assert.InRange(fixture.Authority.MaxSvidTtl - TimeSpan.FromMinutes(expectedMinutes), TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Properties_BeforeInitialize_Throw()
    {
        using var fixture = new CaFixture();

        Assert.Throws<InvalidOperationException>(() => fixture.Authority.Intermediates);
        Assert.Throws<InvalidOperationException>(() => fixture.Authority.TrustAnchors);
        Assert.Throws<InvalidOperationException>(() => fixture.Authority.NotAfter);
        Assert.Throws<InvalidOperationException>(() => fixture.Authority.MaxSvidTtl);
    }

    [Fact]
    public async Task InitializeAsync_UpstreamCertifiesAnotherKey_Throws()
    {
        using var fixture = new CaFixture();
        using var otherKey = CsrFactory.CreateKey("P256");
        var upstream = new RewritingUpstream(async (_, ttl, ct) =>
            await fixture.Upstream.MintX509CaAsync(CsrFactory.Create(otherKey), ttl, ct));
        var authority = Create(upstream, fixture.Time);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => authority.InitializeAsync(Ct));
        Assert.Contains("does not certify", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_UpstreamReturnsNonCa_Throws()
    {
        using var fixture = new CaFixture();
        var upstream = new RewritingUpstream(async (csr, ttl, ct) =>
        {
            // A leaf for Bridge's key (issued by Bridge's own stack) in place of a CA certificate.
            var leaf = await fixture.Issuer.IssueAsync(csr, fixture.Authority.TrustDomain.IdFromPath("/x"), [], ttl, ct);
            return new UpstreamCaChain([leaf.Leaf!, .. leaf.Intermediates], leaf.TrustAnchors);
        });
        var authority = Create(upstream, fixture.Time, new InMemoryKeyManager());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => authority.InitializeAsync(Ct));
        Assert.Contains("cA=true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_RootsDoNotValidateTheChain_Throws()
    {
        using var fixture = new CaFixture();
        using var unrelated = new CaFixture();
        var upstream = new RewritingUpstream(async (csr, ttl, ct) =>
        {
            var chain = await fixture.Upstream.MintX509CaAsync(csr, ttl, ct);
            return chain with { UpstreamRoots = [await unrelated.Upstream.GetRootCertificateAsync(ct)] };
        });
        var authority = Create(upstream, fixture.Time);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => authority.InitializeAsync(Ct));
        Assert.Contains("does not chain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InitializeAsync_EmptyChain_Throws()
    {
        using var fixture = new CaFixture();
        var upstream = new RewritingUpstream((_, _, _) => Task.FromResult(new UpstreamCaChain([], [])));
        var authority = Create(upstream, fixture.Time);

        await Assert.ThrowsAsync<InvalidOperationException>(() => authority.InitializeAsync(Ct));
    }

    [Fact]
    public void Constructor_InvalidOptions_ReportsEveryError()
    {
        var options = new AuthorityOptions { TrustDomain = "", CaKeyType = (KeyType)42, CaTtl = TimeSpan.Zero };

        var error = Assert.Throws<OptionsValidationException>(() => SingleProcessAuthority.CreateCertificateAuthority(
            Options.Create(options), new InMemoryKeyManager(), new RewritingUpstream((_, _, _) => throw new InvalidOperationException()), TimeProvider.System));

        Assert.Equal(3, error.Failures.Count());
    }

    private static X509CertificateAuthority Create(IUpstreamAuthority upstream, TimeProvider time, IKeyManager? keyManager = null) =>
        SingleProcessAuthority.CreateCertificateAuthority(Options.Create(new AuthorityOptions { TrustDomain = "example.org" }), keyManager ?? new InMemoryKeyManager(), upstream, time);

    private sealed class CountingUpstream(IUpstreamAuthority inner) : IUpstreamAuthority
    {
        private int _calls;

        public int Calls => _calls;

        public async Task<UpstreamCaChain> MintX509CaAsync(ReadOnlyMemory<byte> csrDer, TimeSpan preferredTtl, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            await Task.Yield();
            return await inner.MintX509CaAsync(csrDer, preferredTtl, cancellationToken);
        }
    }

    private sealed class RewritingUpstream(Func<ReadOnlyMemory<byte>, TimeSpan, CancellationToken, Task<UpstreamCaChain>> mint) : IUpstreamAuthority
    {
        public Task<UpstreamCaChain> MintX509CaAsync(ReadOnlyMemory<byte> csrDer, TimeSpan preferredTtl, CancellationToken cancellationToken) =>
            mint(csrDer, preferredTtl, cancellationToken);
    }
}
