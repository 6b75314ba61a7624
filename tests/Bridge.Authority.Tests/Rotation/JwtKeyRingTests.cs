using Bridge.Abstractions;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Rotation;
using Bridge.Authority.Tests.Issuance.Jwt;
using static Bridge.Authority.Tests.Rotation.RotationTestKit;

namespace Bridge.Authority.Tests.Rotation;

public sealed class JwtKeyRingTests
{
    private static readonly IReadOnlyList<string> Audience = ["reports"];

    [Fact]
    public async Task IssueAsync_WarmInstance_DoesNotReadTheStorePerRequest()
    {
        var kit = new RotationTestKit();
        var (issuer, _) = await kit.NewInstanceAsync();
        var reads = kit.Store.Reads;

        for (var i = 0; i < 50; i++)
        {
            await issuer.IssueAsync(JwtTestSupport.Subject, Audience, TimeSpan.FromMinutes(5), Ct);
            await issuer.GetPublishedKeysAsync(Ct);
        }

        Assert.Equal(reads, kit.Store.Reads);
    }

    [Fact]
    public async Task IssueAsync_ViewOlderThanMaxAge_RereadsBeforeSigning()
    {
        var kit = new RotationTestKit();
        var (issuer, _) = await kit.NewInstanceAsync();
        var reads = kit.Store.Reads;

        kit.Clock.Advance(TimeSpan.FromMinutes(2));
        await issuer.IssueAsync(JwtTestSupport.Subject, Audience, TimeSpan.FromMinutes(5), Ct);

        Assert.Equal(reads + 1, kit.Store.Reads);
    }

    [Fact]
    public async Task IssueAsync_StoreDown_ServesLastGoodStateThenFailsClosed()
    {
        var kit = new RotationTestKit();
        var (issuer, _) = await kit.NewInstanceAsync();
        kit.Store.Unavailable = true;

        // Older than the refresh interval, younger than refresh interval + stale tolerance: the cached view serves.
        kit.Clock.Advance(TimeSpan.FromSeconds(100));
        var issued = await issuer.IssueAsync(JwtTestSupport.Subject, Audience, TimeSpan.FromMinutes(5), Ct);
        Assert.NotEmpty(issued.Token);
        Assert.NotEmpty(await issuer.GetPublishedKeysAsync(Ct));

        kit.Clock.Advance(TimeSpan.FromSeconds(20));
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => issuer.IssueAsync(JwtTestSupport.Subject, Audience, TimeSpan.FromMinutes(5), Ct));
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => issuer.GetPublishedKeysAsync(Ct));

        kit.Store.Unavailable = false;
        await issuer.IssueAsync(JwtTestSupport.Subject, Audience, TimeSpan.FromMinutes(5), Ct);
    }

    [Fact]
    public async Task IssueAsync_StoreDownWhileViewServes_RetriesTheReadOncePerRefreshIntervalNotPerRequest()
    {
        var kit = new RotationTestKit();
        var (issuer, ring) = await kit.NewInstanceAsync();
        kit.Store.Unavailable = true;
        kit.Clock.Advance(TimeSpan.FromSeconds(40));

        // The first request past the refresh interval starts a background read, which fails.
        await issuer.IssueAsync(JwtTestSupport.Subject, Audience, TimeSpan.FromMinutes(5), Ct);
        await WaitForAttemptsAsync(kit, 1);
        await Task.Delay(50, Ct); // lets the failed read finish and record its failure
        var attempts = kit.Store.ReadAttempts;
        for (var i = 0; i < 20; i++)
        {
            await issuer.IssueAsync(JwtTestSupport.Subject, Audience, TimeSpan.FromMinutes(5), Ct);
        }

        Assert.Equal(attempts, kit.Store.ReadAttempts);

        // One refresh interval later the next request tries again.
        kit.Clock.Advance(TimeSpan.FromSeconds(31));
        await issuer.IssueAsync(JwtTestSupport.Subject, Audience, TimeSpan.FromMinutes(5), Ct);
        await WaitForAttemptsAsync(kit, attempts + 1);
        GC.KeepAlive(ring);
    }

    [Fact]
    public async Task InitializeAsync_StoreDownOnFirstStart_FailsClosed()
    {
        var kit = new RotationTestKit();
        kit.Store.Unavailable = true;
        var issuer = new JwtSvidIssuer(kit.NewRing(), Microsoft.Extensions.Options.Options.Create(kit.Authority), kit.Clock);

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => issuer.InitializeAsync(Ct));
    }

    [Fact]
    public async Task Refresh_StepDue_RotatesLazilyWithoutScheduledRun()
    {
        var kit = new RotationTestKit();
        var (issuer, ring) = await kit.NewInstanceAsync();

        kit.Clock.Advance(TimeSpan.FromHours(12));
        await issuer.GetPublishedKeysAsync(Ct);
        await ring.WhenIdleAsync(Ct);

        Assert.Equal(JwtKeySlotStatus.Prepared, (await kit.StateAsync()).Next!.Status);
        kit.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(2, (await issuer.GetPublishedKeysAsync(Ct)).Count);
    }

    [Fact]
    public async Task PublishedKeySet_SequenceGrowsWhenKeySetChanges()
    {
        var kit = new RotationTestKit();
        var (issuer, _) = await kit.NewInstanceAsync();
        var before = await issuer.GetPublishedKeySetAsync(Ct);

        kit.Clock.Advance(TimeSpan.FromHours(12));
        await kit.NewRotator().RotateAsync(Ct);
        kit.Clock.Advance(TimeSpan.FromMinutes(3));
        var after = await issuer.GetPublishedKeySetAsync(Ct);

        Assert.Single(before.Keys);
        Assert.Equal(2, after.Keys.Count);
        Assert.True(after.Sequence > before.Sequence);
    }

    [Fact]
    public async Task InitializeAsync_TwoInstancesOnFreshStore_ShareOneKey()
    {
        var kit = new RotationTestKit();

        var instances = await Task.WhenAll(kit.NewInstanceAsync(), kit.NewInstanceAsync());

        var first = await instances[0].Issuer.IssueAsync(JwtTestSupport.Subject, Audience, TimeSpan.FromMinutes(5), Ct);
        var second = await instances[1].Issuer.IssueAsync(JwtTestSupport.Subject, Audience, TimeSpan.FromMinutes(5), Ct);
        Assert.Equal(first.KeyId, second.KeyId);
        Assert.Equal(1, kit.Keys.Generated);
    }

    // The background read runs off the request; wait for it by its effect, with a guard against a hang.
    private static async Task WaitForAttemptsAsync(RotationTestKit kit, int attempts)
    {
        for (var i = 0; i < 1000 && kit.Store.ReadAttempts < attempts; i++)
        {
            await Task.Delay(5, Ct);
        }

        Assert.True(kit.Store.ReadAttempts >= attempts, $"expected {attempts} read attempts, saw {kit.Store.ReadAttempts}");
    }
}
