using Bridge.Abstractions.Replay;
using Bridge.Authority.Local.Replay;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Authority.Tests.Replay;

public sealed class InMemoryReplayCacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TryUse_Full_AnswersFullForNewKeysAndKeepsLiveRecords()
    {
        var cache = NewCache(maxEntries: 2);
        var notAfter = _time.GetUtcNow().AddMinutes(5);
        await cache.TryUseAsync("a", notAfter, ReplayPolicy.SingleUse, Ct);
        await cache.TryUseAsync("b", notAfter, ReplayPolicy.BoundedReuse(3), Ct);

        Assert.Equal(ReplayUseResult.Full, await cache.TryUseAsync("c", notAfter, ReplayPolicy.SingleUse, Ct));
        Assert.Equal(ReplayUseResult.AlreadyUsed, await cache.TryUseAsync("a", notAfter, ReplayPolicy.SingleUse, Ct));

        // A further use of a live record needs no room.
        Assert.Equal(ReplayUseResult.Accepted, await cache.TryUseAsync("b", notAfter, ReplayPolicy.BoundedReuse(3), Ct));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public async Task TryUse_FullButRecordsExpired_PurgesAndAccepts()
    {
        var cache = NewCache(maxEntries: 2);
        await cache.TryUseAsync("a", _time.GetUtcNow().AddMinutes(1), ReplayPolicy.SingleUse, Ct);
        await cache.TryUseAsync("b", _time.GetUtcNow().AddMinutes(1), ReplayPolicy.SingleUse, Ct);

        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(ReplayUseResult.Accepted, await cache.TryUseAsync("c", _time.GetUtcNow().AddMinutes(1), ReplayPolicy.SingleUse, Ct));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public async Task TryUse_ExpiredRecords_ArePurgedOnLaterCalls()
    {
        var cache = NewCache(maxEntries: 1000);
        for (var i = 0; i < 10; i++)
        {
            await cache.TryUseAsync($"old-{i}", _time.GetUtcNow().AddSeconds(30 + i), ReplayPolicy.SingleUse, Ct);
        }

        await cache.TryUseAsync("live", _time.GetUtcNow().AddHours(1), ReplayPolicy.SingleUse, Ct);
        _time.Advance(TimeSpan.FromSeconds(35));
        await cache.TryUseAsync("new", _time.GetUtcNow().AddMinutes(1), ReplayPolicy.SingleUse, Ct);

        // old-0..old-5 (notAfter +30..+35 s) are no longer live at +35 s; old-6..old-9, live and new remain.
        Assert.Equal(6, cache.Count);
    }

    [Fact]
    public async Task TryUse_EmptyKey_Throws()
    {
        var cache = NewCache(maxEntries: 10);

        await Assert.ThrowsAsync<ArgumentException>(async () => await cache.TryUseAsync("", _time.GetUtcNow().AddMinutes(1), ReplayPolicy.SingleUse, Ct));
    }

    [Fact]
    public void Constructor_MaxEntriesBelowOne_Throws() =>
        Assert.Throws<OptionsValidationException>(() => NewCache(maxEntries: 0));

    private InMemoryReplayCache NewCache(int maxEntries) =>
        new(_time, Options.Create(new InMemoryReplayCacheOptions { MaxEntries = maxEntries }));
}
