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
    public async Task TryUse_FirstUse_ReturnsTrue()
    {
        var cache = CreateCache(_time);

        Assert.True(await cache.TryUseAsync(NewKey(), _time.GetUtcNow().AddMinutes(5), Ct));
    }

    [Fact]
    public async Task TryUse_SecondUseBeforeNotAfter_ReturnsFalse()
    {
        var cache = CreateCache(_time);
        var key = NewKey();
        var notAfter = _time.GetUtcNow().AddMinutes(5);
        await cache.TryUseAsync(key, notAfter, Ct);

        _time.Advance(TimeSpan.FromMinutes(4));

        Assert.False(await cache.TryUseAsync(key, notAfter, Ct));
        Assert.False(await cache.TryUseAsync(key, notAfter.AddHours(1), Ct));
    }

    [Fact]
    public async Task TryUse_SecondUseWithEarlierNotAfter_StillReturnsFalse()
    {
        var cache = CreateCache(_time);
        var key = NewKey();
        await cache.TryUseAsync(key, _time.GetUtcNow().AddMinutes(10), Ct);

        Assert.False(await cache.TryUseAsync(key, _time.GetUtcNow().AddMinutes(1), Ct));
    }

    [Fact]
    public async Task TryUse_AfterNotAfterPassed_KeyIsReusable()
    {
        var cache = CreateCache(_time);
        var key = NewKey();
        await cache.TryUseAsync(key, _time.GetUtcNow().AddMinutes(5), Ct);

        _time.Advance(TimeSpan.FromMinutes(6));

        Assert.True(await cache.TryUseAsync(key, _time.GetUtcNow().AddMinutes(5), Ct));
        Assert.False(await cache.TryUseAsync(key, _time.GetUtcNow().AddMinutes(5), Ct));
    }

    [Fact]
    public async Task TryUse_NotAfterAlreadyPassed_ReturnsFalse()
    {
        var cache = CreateCache(_time);

        Assert.False(await cache.TryUseAsync(NewKey(), _time.GetUtcNow().AddSeconds(-1), Ct));
        Assert.False(await cache.TryUseAsync(NewKey(), _time.GetUtcNow(), Ct));
    }

    [Fact]
    public async Task TryUse_DifferentKeys_AreIndependent()
    {
        var cache = CreateCache(_time);
        var notAfter = _time.GetUtcNow().AddMinutes(5);
        var first = NewKey();

        Assert.True(await cache.TryUseAsync(first, notAfter, Ct));
        Assert.True(await cache.TryUseAsync(NewKey(), notAfter, Ct));
        Assert.False(await cache.TryUseAsync(first, notAfter, Ct));
    }

    [Fact]
    public async Task TryUse_KeysDifferingOnlyInCase_AreDistinct()
    {
        var cache = CreateCache(_time);
        var notAfter = _time.GetUtcNow().AddMinutes(5);
        var key = NewKey();

        Assert.True(await cache.TryUseAsync(key + "a", notAfter, Ct));
        Assert.True(await cache.TryUseAsync(key + "A", notAfter, Ct));
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
                return await cache.TryUseAsync(key, notAfter, Ct);
            }, Ct))
            .ToArray();

        start.SetResult();
        var results = await Task.WhenAll(attempts);

        Assert.Single(results, used => used);
    }

    private static string NewKey() => "conformance-" + Guid.NewGuid().ToString("N");
}
