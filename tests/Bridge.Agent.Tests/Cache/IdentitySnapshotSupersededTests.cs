using Bridge.Agent.Cache;

namespace Bridge.Agent.Tests.Cache;

public sealed class IdentitySnapshotSupersededTests
{
    [Fact]
    public async Task Publish_WakesAThousandWaitersOfTheOldSnapshotAndTheyAllSeeTheNewOne()
    {
        using var harness = new CacheHarness();
        var old = harness.Cache.Publish([], null, null);
        var woken = 0;

        var waiters = Enumerable.Range(0, 1_000).Select(async _ =>
        {
            await old.Superseded;
            Interlocked.Increment(ref woken);
            return harness.Cache.Current.Version;
        }).ToArray();
        Assert.Equal(0, Volatile.Read(ref woken));

        var next = harness.Cache.Publish([], null, harness.Time.GetUtcNow());
        var seen = await Task.WhenAll(waiters);

        Assert.Equal(1_000, woken);
        Assert.All(seen, version => Assert.Equal(next.Version, version));
        Assert.False(next.Superseded.IsCompleted);
    }
}
