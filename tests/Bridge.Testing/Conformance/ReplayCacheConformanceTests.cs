using Bridge.Abstractions.Replay;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Bridge.Testing.Conformance;

/// <summary>
/// The contract every <see cref="IReplayCache"/> backend meets. A backend's test project subclasses this with a
/// one-line factory.
/// </summary>
public abstract class ReplayCacheConformanceTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Creates an empty cache that reads the time from <paramref name="time"/>.</summary>
    protected abstract IReplayCache CreateCache(TimeProvider time);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TryUse_FirstUse_IsAccepted()
    {
        var cache = CreateCache(_time);

        Assert.Equal(ReplayUseResult.Accepted, await cache.TryUseAsync(NewKey(), _time.GetUtcNow().AddMinutes(5), ReplayPolicy.SingleUse, Ct));
    }

    [Fact]
    public async Task TryUse_SecondUseBeforeNotAfter_IsAlreadyUsed()
    {
        var cache = CreateCache(_time);
        var key = NewKey();
        var notAfter = _time.GetUtcNow().AddMinutes(5);
        await cache.TryUseAsync(key, notAfter, ReplayPolicy.SingleUse, Ct);

        _time.Advance(TimeSpan.FromMinutes(4));

        Assert.Equal(ReplayUseResult.AlreadyUsed, await cache.TryUseAsync(key, notAfter, ReplayPolicy.SingleUse, Ct));
        Assert.Equal(ReplayUseResult.AlreadyUsed, await cache.TryUseAsync(key, notAfter.AddHours(1), ReplayPolicy.SingleUse, Ct));
    }

    [Fact]
    public async Task TryUse_SecondUseWithEarlierNotAfter_IsStillAlreadyUsed()
    {
        var cache = CreateCache(_time);
        var key = NewKey();
        await cache.TryUseAsync(key, _time.GetUtcNow().AddMinutes(10), ReplayPolicy.SingleUse, Ct);

        Assert.Equal(ReplayUseResult.AlreadyUsed, await cache.TryUseAsync(key, _time.GetUtcNow().AddMinutes(1), ReplayPolicy.SingleUse, Ct));
    }

    [Fact]
    public async Task TryUse_AfterNotAfterPassed_KeyIsReusable()
    {
        var cache = CreateCache(_time);
        var key = NewKey();
        await cache.TryUseAsync(key, _time.GetUtcNow().AddMinutes(5), ReplayPolicy.SingleUse, Ct);

        _time.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(ReplayUseResult.Accepted, await cache.TryUseAsync(key, _time.GetUtcNow().AddMinutes(5), ReplayPolicy.SingleUse, Ct));
        Assert.Equal(ReplayUseResult.AlreadyUsed, await cache.TryUseAsync(key, _time.GetUtcNow().AddMinutes(5), ReplayPolicy.SingleUse, Ct));
    }

    [Fact]
    public async Task TryUse_NotAfterAlreadyPassed_IsRefused()
    {
        var cache = CreateCache(_time);

        Assert.Equal(ReplayUseResult.AlreadyUsed, await cache.TryUseAsync(NewKey(), _time.GetUtcNow().AddSeconds(-1), ReplayPolicy.SingleUse, Ct));
        Assert.Equal(ReplayUseResult.AlreadyUsed, await cache.TryUseAsync(NewKey(), _time.GetUtcNow(), ReplayPolicy.SingleUse, Ct));
    }

    [Fact]
    public async Task TryUse_DifferentKeys_AreIndependent()
    {
        var cache = CreateCache(_time);
        var notAfter = _time.GetUtcNow().AddMinutes(5);
        var first = NewKey();

        Assert.Equal(ReplayUseResult.Accepted, await cache.TryUseAsync(first, notAfter, ReplayPolicy.SingleUse, Ct));
        Assert.Equal(ReplayUseResult.Accepted, await cache.TryUseAsync(NewKey(), notAfter, ReplayPolicy.SingleUse, Ct));
        Assert.Equal(ReplayUseResult.AlreadyUsed, await cache.TryUseAsync(first, notAfter, ReplayPolicy.SingleUse, Ct));
    }

    [Fact]
    public async Task TryUse_KeysDifferingOnlyInCase_AreDistinct()
    {
        var cache = CreateCache(_time);
        var notAfter = _time.GetUtcNow().AddMinutes(5);
        var key = NewKey();

        Assert.Equal(ReplayUseResult.Accepted, await cache.TryUseAsync(key + "a", notAfter, ReplayPolicy.SingleUse, Ct));
        Assert.Equal(ReplayUseResult.Accepted, await cache.TryUseAsync(key + "A", notAfter, ReplayPolicy.SingleUse, Ct));
    }

    [Fact]
    public async Task TryUse_HundredConcurrentUsesOfOneKey_ExactlyOneSucceeds()
    {
        var cache = CreateCache(_time);
        var key = NewKey();
        var notAfter = _time.GetUtcNow().AddMinutes(5);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, 100)
            .Select(_ => Task.Run(async () =>
            {
                await start.Task;
                return await cache.TryUseAsync(key, notAfter, ReplayPolicy.SingleUse, Ct);
            }, Ct))
            .ToArray();

        start.SetResult();
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, used => used == ReplayUseResult.Accepted);
        Assert.All(results, used => Assert.NotEqual(ReplayUseResult.Full, used));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public async Task TryUse_BoundedReuse_AcceptsExactlyMaxUsesThenRefuses(int maxUses)
    {
        var cache = CreateCache(_time);
        var key = NewKey();
        var policy = ReplayPolicy.BoundedReuse(maxUses);
        var notAfter = _time.GetUtcNow().AddMinutes(5);

        for (var use = 1; use <= maxUses; use++)
        {
            Assert.Equal(ReplayUseResult.Accepted, await cache.TryUseAsync(key, notAfter, policy, Ct));
        }

        Assert.Equal(ReplayUseResult.AlreadyUsed, await cache.TryUseAsync(key, notAfter, policy, Ct));
        Assert.Equal(ReplayUseResult.AlreadyUsed, await cache.TryUseAsync(key, notAfter, policy, Ct));
    }

    [Fact]
    public async Task TryUse_BoundedReuseAfterNotAfterPassed_StartsAfresh()
    {
        var cache = CreateCache(_time);
        var key = NewKey();
        var policy = ReplayPolicy.BoundedReuse(2);
        await cache.TryUseAsync(key, _time.GetUtcNow().AddMinutes(5), policy, Ct);
        await cache.TryUseAsync(key, _time.GetUtcNow().AddMinutes(5), policy, Ct);

        _time.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(ReplayUseResult.Accepted, await cache.TryUseAsync(key, _time.GetUtcNow().AddMinutes(5), policy, Ct));
        Assert.Equal(ReplayUseResult.Accepted, await cache.TryUseAsync(key, _time.GetUtcNow().AddMinutes(5), policy, Ct));
        Assert.Equal(ReplayUseResult.AlreadyUsed, await cache.TryUseAsync(key, _time.GetUtcNow().AddMinutes(5), policy, Ct));
    }

    [Fact]
    public async Task TryUse_BoundedReuse_RecordKeepsTheFirstUsesNotAfter()
    {
        var cache = CreateCache(_time);
        var key = NewKey();
        var policy = ReplayPolicy.BoundedReuse(5);
        await cache.TryUseAsync(key, _time.GetUtcNow().AddMinutes(5), policy, Ct);
        await cache.TryUseAsync(key, _time.GetUtcNow().AddHours(1), policy, Ct);

        // A later use cannot stretch the record: once the first notAfter passes, the count starts afresh.
        _time.Advance(TimeSpan.FromMinutes(6));

        for (var use = 1; use <= 5; use++)
        {
            Assert.Equal(ReplayUseResult.Accepted, await cache.TryUseAsync(key, _time.GetUtcNow().AddMinutes(5), policy, Ct));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    public async Task TryUse_FortyConcurrentUsesOfOneKey_ExactlyMaxUsesSucceed(int maxUses)
    {
        var cache = CreateCache(_time);
        var key = NewKey();
        var policy = maxUses == 1 ? ReplayPolicy.SingleUse : ReplayPolicy.BoundedReuse(maxUses);
        var notAfter = _time.GetUtcNow().AddMinutes(5);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, 40)
            .Select(_ => Task.Run(async () =>
            {
                await start.Task;
                return await cache.TryUseAsync(key, notAfter, policy, Ct);
            }, Ct))
            .ToArray();

        start.SetResult();
        var results = await Task.WhenAll(attempts);

        Assert.Equal(maxUses, results.Count(used => used == ReplayUseResult.Accepted));
        Assert.Equal(40 - maxUses, results.Count(used => used == ReplayUseResult.AlreadyUsed));
        Assert.Equal(ReplayUseResult.AlreadyUsed, await cache.TryUseAsync(key, notAfter, policy, Ct));
    }

    private static string NewKey() => "conformance-" + Guid.NewGuid().ToString("N");
}
