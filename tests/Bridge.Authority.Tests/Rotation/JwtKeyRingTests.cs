using Bridge.Abstractions;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Rotation;
using Bridge.Authority.Rotation.Engine;
using Bridge.Authority.Tests.Issuance.Jwt;
using Bridge.Testing.Time;
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
        var before = kit.Store.ReadAttempts;
        await issuer.IssueAsync(JwtTestSupport.Subject, Audience, TimeSpan.FromMinutes(5), Ct);
        await ring.WhenIdleAsync(Ct);
        var attempts = kit.Store.ReadAttempts;
        Assert.Equal(before + 1, attempts);
        for (var i = 0; i < 20; i++)
        {
            await issuer.IssueAsync(JwtTestSupport.Subject, Audience, TimeSpan.FromMinutes(5), Ct);
        }

        await ring.WhenIdleAsync(Ct);
        Assert.Equal(attempts, kit.Store.ReadAttempts);

        // One refresh interval later the next request tries again.
        kit.Clock.Advance(TimeSpan.FromSeconds(31));
        await issuer.IssueAsync(JwtTestSupport.Subject, Audience, TimeSpan.FromMinutes(5), Ct);
        await ring.WhenIdleAsync(Ct);
        Assert.Equal(attempts + 1, kit.Store.ReadAttempts);
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

        Assert.Equal(SlotStatus.Prepared, (await kit.StateAsync()).Next!.Status);
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

    [Fact]
    public async Task InitializeAsync_AnotherInstanceGeneratingTheFirstKey_PollsOnTheInjectedClockAndUsesItsKey()
    {
        var kit = new RotationTestKit();
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        kit.Keys.HoldNextGeneration = hold;
        var first = kit.NewInstanceAsync();
        await kit.Keys.GenerationHeld.Task.WaitAsync(Ct);
        var delays = 0;
        var clock = new DelayInterceptingTimeProvider(kit.Clock)
        {
            // The waiting instance polls; only then may the first one finish, so the wait is certain to be exercised.
            OnDelay = _ =>
            {
                Interlocked.Increment(ref delays);
                hold.TrySetResult();
                return true;
            },
        };
        var issuer = new JwtSvidIssuer(kit.NewRing(time: clock), Microsoft.Extensions.Options.Options.Create(kit.Authority), kit.Clock);

        await issuer.InitializeAsync(Ct);
        var (firstIssuer, _) = await first;

        Assert.True(Volatile.Read(ref delays) >= 1);
        Assert.Equal(1, kit.Keys.Generated);
        var issued = await issuer.IssueAsync(JwtTestSupport.Subject, Audience, TimeSpan.FromMinutes(5), Ct);
        Assert.Equal((await firstIssuer.IssueAsync(JwtTestSupport.Subject, Audience, TimeSpan.FromMinutes(5), Ct)).KeyId, issued.KeyId);
    }

    [Fact]
    public async Task InitializeAsync_FirstKeyNeverFinishes_FailsClosedOnceTheWaitEnds()
    {
        var kit = new RotationTestKit();
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        kit.Keys.HoldNextGeneration = hold;
        var first = kit.NewRotator().RotateAsync(Ct);
        await kit.Keys.GenerationHeld.Task.WaitAsync(Ct);
        // Each poll moves the clock on by its interval: the ten-second wait ends after a bounded number of polls.
        var clock = new DelayInterceptingTimeProvider(kit.Clock)
        {
            OnDelay = delay =>
            {
                kit.Clock.Advance(delay);
                return true;
            },
        };

        var failure = await Assert.ThrowsAsync<DependencyUnavailableException>(() => kit.NewRing(time: clock).InitializeAsync(Ct));

        Assert.Contains("No JWT signing key is active yet", failure.Message, StringComparison.Ordinal);
        hold.SetResult();
        await first;
    }
}
