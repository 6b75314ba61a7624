using System.Security.Cryptography.X509Certificates;
using Bridge.Abstractions;
using Bridge.Authority.Ca;
using Bridge.Authority.Ca.Rotation;
using Bridge.Authority.Rotation.Engine;
using Bridge.Testing.Time;

namespace Bridge.Authority.Tests.Ca.Rotation;

/// <summary>The CA timeline over more than two lifetimes, driven by a fake clock and the instances' own refreshes.</summary>
public sealed class X509CaRotationTimelineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Refresh_OverThreeLifetimes_EveryCaRootIsPublishedBeforeTheCaSigns()
    {
        var fixture = new RotationFixture();
        var authority = fixture.NewAuthority();
        await authority.InitializeAsync(Ct);
        var firstSeenInBundle = new Dictionary<string, DateTimeOffset>();
        var activations = new List<(string Root, DateTimeOffset At)>();
        string? activeRoot = null;

        for (var minute = 0; minute <= 72 * 60; minute += 15)
        {
            await authority.RefreshAsync(Ct);
            var now = fixture.Time.GetUtcNow();
            foreach (var anchor in authority.TrustAnchors)
            {
                firstSeenInBundle.TryAdd(anchor.Thumbprint, now);
            }

            var signingRoot = RootOf(authority);
            if (signingRoot != activeRoot)
            {
                activations.Add((signingRoot, now));
                activeRoot = signingRoot;
            }

            fixture.Time.Advance(TimeSpan.FromMinutes(15));
        }

        // CAs activate at 0 h, 20 h, 32 h, 44 h, 56 h, 68 h: a 12 h cadence after the first.
        Assert.Equal(
            [0, 20, 32, 44, 56, 68],
            activations.Select(a => (int)(a.At - CaFixture.Start).TotalHours));
        foreach (var (root, at) in activations.Skip(1))
        {
            // Prepared at ½ of its predecessor's life: in the bundle eight hours before it signs.
            Assert.Equal(TimeSpan.FromHours(8), at - firstSeenInBundle[root]);
        }
    }

    [Fact]
    public async Task Leaf_IssuedJustBeforeActivation_VerifiesAgainstTheBundleUntilItExpires()
    {
        var fixture = new RotationFixture();
        var authority = fixture.NewAuthority();
        var issuer = fixture.NewIssuer(authority);
        await authority.InitializeAsync(Ct);
        fixture.Time.Advance(TimeSpan.FromHours(12));
        await authority.RefreshAsync(Ct);
        fixture.Time.Advance(TimeSpan.FromHours(8) - TimeSpan.FromMinutes(1));
        await authority.RefreshAsync(Ct);
        var oldCa = authority.Intermediates[0];
        using var key = CsrFactory.CreateKey("P256");

        var leaf = await issuer.IssueAsync(CsrFactory.Create(key), authority.TrustDomain.IdFromPath("/w"), [], TimeSpan.FromHours(1), Ct);
        fixture.Time.Advance(TimeSpan.FromMinutes(2));
        await authority.RefreshAsync(Ct);

        Assert.Equal(oldCa.Thumbprint, leaf.Intermediates[0].Thumbprint);
        Assert.NotEqual(oldCa.Thumbprint, authority.Intermediates[0].Thumbprint);
        var lastMoment = leaf.ExpiresAt - TimeSpan.FromSeconds(1);
        fixture.Time.Advance(lastMoment - fixture.Time.GetUtcNow());
        await authority.RefreshAsync(Ct);
        var (valid, status) = CertificateInspector.BuildChain(leaf.Leaf!, leaf.Intermediates, authority.TrustAnchors, lastMoment);
        Assert.True(valid, status);
    }

    [Fact]
    public async Task Leaf_LongerThanTheCaHasLeft_EndsWithTheCa()
    {
        var fixture = new RotationFixture();
        var authority = fixture.NewAuthority();
        var issuer = fixture.NewIssuer(authority);
        await authority.InitializeAsync(Ct);
        fixture.Time.Advance(TimeSpan.FromHours(19));
        await authority.RefreshAsync(Ct);
        using var key = CsrFactory.CreateKey("P256");

        var leaf = await issuer.IssueAsync(CsrFactory.Create(key), authority.TrustDomain.IdFromPath("/w"), [], TimeSpan.FromHours(8), Ct);

        Assert.Equal(authority.NotAfter, leaf.ExpiresAt);
        Assert.Equal(CaFixture.Start.AddHours(24), leaf.ExpiresAt);
    }

    [Fact]
    public async Task Refresh_RetiredCaExpired_IsDroppedAndOnlyThenItsKeyDeleted()
    {
        var fixture = new RotationFixture();
        var authority = fixture.NewAuthority();
        await authority.InitializeAsync(Ct);
        var firstKey = Assert.Single(await fixture.CaKeyIdsAsync());

        fixture.Time.Advance(TimeSpan.FromHours(12));
        await authority.RefreshAsync(Ct);
        fixture.Time.Advance(TimeSpan.FromHours(8));
        await authority.RefreshAsync(Ct);
        fixture.Time.Advance(TimeSpan.FromHours(4) - TimeSpan.FromSeconds(1));
        await authority.RefreshAsync(Ct);
        var beforeExpiry = await fixture.CaKeyIdsAsync();
        var retiredBeforeExpiry = (await fixture.DocumentAsync()).Find(firstKey)?.Status;
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        await authority.RefreshAsync(Ct);

        Assert.Contains(firstKey, beforeExpiry);
        Assert.Equal(SlotStatus.Retired, retiredBeforeExpiry);
        Assert.Null((await fixture.DocumentAsync()).Find(firstKey));
        Assert.DoesNotContain(firstKey, await fixture.CaKeyIdsAsync());
        Assert.Equal((await fixture.DocumentAsync()).Slots.Select(s => s.SlotId).Order(), (await fixture.CaKeyIdsAsync()).Order());
    }

    [Fact]
    public async Task TwoInstances_OverOneStoreAndKeyManager_AgreeOnIntermediateAndRoots()
    {
        var fixture = new RotationFixture();
        var first = fixture.NewAuthority();
        var second = fixture.NewAuthority();

        await first.InitializeAsync(Ct);
        await second.InitializeAsync(Ct);
        Assert.Equal(first.Intermediates[0].Thumbprint, second.Intermediates[0].Thumbprint);
        Assert.Equal(Thumbprints(first.TrustAnchors), Thumbprints(second.TrustAnchors));

        fixture.Time.Advance(TimeSpan.FromHours(12));
        await first.RefreshAsync(Ct);
        await second.RefreshAsync(Ct);
        fixture.Time.Advance(TimeSpan.FromHours(8));
        await second.RefreshAsync(Ct);
        await first.RefreshAsync(Ct);

        Assert.Equal(first.Intermediates[0].Thumbprint, second.Intermediates[0].Thumbprint);
        Assert.Equal(Thumbprints(first.TrustAnchors), Thumbprints(second.TrustAnchors));
        Assert.Equal(2, first.TrustAnchors.Count);
        Assert.Equal(2, (await fixture.CaKeyIdsAsync()).Count);
    }

    [Fact]
    public async Task TwoInstances_WithTheSharedSelfSignedRoot_AgreeOnIntermediateAndRoot()
    {
        var fixture = new RotationFixture();
        fixture.Upstream = new SelfSignedUpstreamAuthority(
            Microsoft.Extensions.Options.Options.Create(new SelfSignedUpstreamOptions()),
            fixture.Options,
            fixture.KeyManager,
            fixture.Store,
            fixture.Time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SelfSignedUpstreamAuthority>.Instance);
        var first = fixture.NewAuthority();
        var second = fixture.NewAuthority();

        await first.InitializeAsync(Ct);
        await second.InitializeAsync(Ct);

        Assert.Equal(first.Intermediates[0].Thumbprint, second.Intermediates[0].Thumbprint);
        var root = Assert.Single(first.TrustAnchors);
        Assert.Equal(root.Thumbprint, Assert.Single(second.TrustAnchors).Thumbprint);
    }

    [Fact]
    public async Task StoreOutage_ServesTheLastGoodStateForStateMaxStaleness_ThenIsUnavailable()
    {
        var fixture = new RotationFixture();
        var authority = fixture.NewAuthority();
        await authority.InitializeAsync(Ct);
        var ca = authority.Intermediates[0];
        fixture.Store.Unavailable = true;

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => authority.RefreshAsync(Ct));
        // The rotation engine's one staleness rule: a view serves while it is younger than the bound.
        fixture.Time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        var served = await authority.GetCurrentAsync(Ct);
        fixture.Time.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => authority.GetCurrentAsync(Ct));
        fixture.Store.Unavailable = false;
        var recovered = await authority.GetCurrentAsync(Ct);

        Assert.Same(ca, served.Intermediates[0]);
        Assert.Equal(ca.Thumbprint, recovered.Intermediates[0].Thumbprint);
    }

    [Fact]
    public async Task StoreOutage_AtFirstStart_IsUnavailable()
    {
        var fixture = new RotationFixture();
        var authority = fixture.NewAuthority();
        fixture.Store.Unavailable = true;

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => authority.InitializeAsync(Ct));
        Assert.Empty(await fixture.CaKeyIdsAsync());
    }

    [Fact]
    public async Task Initialize_WhileAnotherInstanceMintsTheFirstCa_WaitsAndUsesThatCa()
    {
        var gate = new TaskCompletionSource();
        var fixture = new RotationFixture();
        var inner = fixture.Upstream;
        fixture.Upstream = new RotationFixture.GatedUpstream(inner, gate.Task);
        var minting = fixture.NewRotator().RotateAsync(Ct);
        var polls = 0;
        var clock = new DelayInterceptingTimeProvider(fixture.Time)
        {
            // The other instance finishes only once this one polls on its clock: the wait is certain to be exercised.
            OnDelay = _ =>
            {
                Interlocked.Increment(ref polls);
                gate.TrySetResult();
                return true;
            },
        };
        var waiting = fixture.NewAuthority(clock);

        await waiting.InitializeAsync(Ct);
        var minted = await minting;

        Assert.True(Volatile.Read(ref polls) >= 1);
        Assert.Equal(minted.MintedSlotId, Assert.Single(await fixture.CaKeyIdsAsync()));
        Assert.Equal((await fixture.DocumentAsync()).Active!.Chain[0], waiting.Intermediates[0].RawData);
    }

    private static string RootOf(X509CertificateAuthority authority)
    {
        var intermediate = authority.Intermediates[0];
        return authority.TrustAnchors.Single(r => r.SubjectName.RawData.AsSpan().SequenceEqual(intermediate.IssuerName.RawData)).Thumbprint;
    }

    private static string[] Thumbprints(IEnumerable<X509Certificate2> certificates) => [.. certificates.Select(c => c.Thumbprint).Order()];
}
