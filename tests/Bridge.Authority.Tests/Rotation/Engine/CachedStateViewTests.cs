using Bridge.Abstractions;
using Bridge.Authority.Rotation.Engine;
using Bridge.Testing.Time;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Authority.Tests.Rotation.Engine;

/// <summary>The one cached view with bounded staleness that the JWT key ring and the X.509 CA both serve from.</summary>
public sealed class CachedStateViewTests
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan FirstUseWait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetAsync_YoungerThanRefreshInterval_ServesFromMemory()
    {
        var source = new Source();
        var view = source.NewView();
        await view.GetAsync(Ct);

        source.Clock.Advance(RefreshInterval - TimeSpan.FromTicks(1));
        for (var i = 0; i < 20; i++)
        {
            Assert.True(view.GetAsync(Ct).IsCompletedSuccessfully);
        }

        await view.WhenIdleAsync(Ct);
        Assert.Equal(1, source.Loads);
    }

    [Fact]
    public async Task GetAsync_OlderThanRefreshInterval_ServesTheCachedViewAndReadsOnceInTheBackground()
    {
        var source = new Source();
        var view = source.NewView();
        var first = await view.GetAsync(Ct);
        var gate = source.Hold();

        source.Clock.Advance(RefreshInterval);
        for (var i = 0; i < 20; i++)
        {
            var served = view.GetAsync(Ct);
            Assert.True(served.IsCompletedSuccessfully);
            Assert.Same(first, await served);
        }

        Assert.False(view.WhenIdleAsync(Ct).IsCompleted);
        gate.SetResult();
        await view.WhenIdleAsync(Ct);
        Assert.Equal(2, source.Loads);
        Assert.Equal(2, (await view.GetAsync(Ct)).Revision);
    }

    [Fact]
    public async Task GetAsync_JustYoungerThanMaxAge_ServesWhileTheStoreIsDown()
    {
        var source = new Source();
        var view = source.NewView();
        var first = await view.GetAsync(Ct);
        source.Fail = true;

        source.Clock.Advance(MaxAge - TimeSpan.FromTicks(1));

        Assert.Same(first, await view.GetAsync(Ct));
    }

    [Fact]
    public async Task GetAsync_AtMaxAge_WaitsForAFreshReadAndFailsClosedWhenItFails()
    {
        var source = new Source();
        var view = source.NewView();
        await view.GetAsync(Ct);
        source.Fail = true;

        source.Clock.Advance(MaxAge);

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => view.GetAsync(Ct).AsTask());
        source.Fail = false;
        var fresh = await view.GetAsync(Ct);
        Assert.Equal(source.Clock.GetUtcNow(), fresh.ReadAt);
    }

    [Fact]
    public async Task GetAsync_ColdCacheAndManyCallers_ShareOneRead()
    {
        var source = new Source();
        var view = source.NewView();
        var gate = source.Hold();

        var callers = Enumerable.Range(0, 10).Select(_ => view.GetAsync(Ct).AsTask()).ToArray();
        Assert.All(callers, c => Assert.False(c.IsCompleted));
        gate.SetResult();
        var views = await Task.WhenAll(callers);

        Assert.Equal(1, source.Loads);
        Assert.All(views, v => Assert.Same(views[0], v));
    }

    [Fact]
    public async Task GetAsync_BackgroundReadFails_TriesAgainOnlyAfterAnotherRefreshInterval()
    {
        var source = new Source();
        var failures = new List<Exception>();
        var view = source.NewView(onBackgroundFailure: failures.Add);
        await view.GetAsync(Ct);
        source.Fail = true;

        source.Clock.Advance(RefreshInterval);
        await view.GetAsync(Ct);
        await view.WhenIdleAsync(Ct);
        Assert.Single(failures);
        for (var i = 0; i < 20; i++)
        {
            await view.GetAsync(Ct);
        }

        await view.WhenIdleAsync(Ct);
        Assert.Equal(2, source.Loads);

        source.Clock.Advance(RefreshInterval);
        await view.GetAsync(Ct);
        await view.WhenIdleAsync(Ct);
        Assert.Equal(3, source.Loads);
        Assert.Equal(2, failures.Count);
    }

    [Fact]
    public async Task GetAsync_NothingUsableYet_PollsOnTheClockUntilTheFirstUseWaitEnds()
    {
        var source = new Source { Empty = true };
        var clock = new DelayInterceptingTimeProvider(source.Clock);
        var delays = new List<TimeSpan>();
        clock.OnDelay = delay =>
        {
            lock (delays)
            {
                delays.Add(delay);
            }

            source.Clock.Advance(delay);
            return true;
        };
        var view = source.NewView(time: clock);

        var error = await Assert.ThrowsAsync<DependencyUnavailableException>(() => view.GetAsync(Ct).AsTask());

        Assert.Equal("nothing active (test)", error.Message);
        var polls = (int)(FirstUseWait / PollInterval);
        Assert.Equal(Enumerable.Repeat(PollInterval, polls), delays);
        Assert.Equal(polls + 1, source.Loads);
    }

    [Fact]
    public async Task GetAsync_FirstViewAppearsWhilePolling_ServesIt()
    {
        var source = new Source { Empty = true };
        var clock = new DelayInterceptingTimeProvider(source.Clock) { OnDelay = _ => { source.Empty = false; return true; } };
        var view = source.NewView(time: clock);

        var served = await view.GetAsync(Ct);

        Assert.Equal(2, source.Loads);
        Assert.Equal(2, served.Revision);
    }

    [Fact]
    public async Task GetAsync_ViewNoLongerUsable_WaitsForAFreshRead()
    {
        var source = new Source();
        var view = source.NewView(isUsable: (v, now) => now < v.ReadAt + TimeSpan.FromSeconds(10));
        await view.GetAsync(Ct);

        source.Clock.Advance(TimeSpan.FromSeconds(10));
        var served = await view.GetAsync(Ct);

        Assert.Equal(2, served.Revision);
    }

    [Fact]
    public async Task Accept_OlderRevision_NeverReplacesANewerView()
    {
        var source = new Source();
        var view = source.NewView();
        await view.GetAsync(Ct);
        await view.RefreshAsync(Ct);

        view.Accept(new TestView(1, source.Clock.GetUtcNow()));
        Assert.Equal(2, view.Current!.Revision);
        view.Accept(new TestView(3, source.Clock.GetUtcNow()));
        Assert.Equal(3, view.Current!.Revision);
    }

    [Fact]
    public async Task RefreshAsync_ReadInFlight_WaitsForItAndThenReadsAgain()
    {
        var source = new Source();
        var view = source.NewView();
        var gate = source.Hold();
        var first = view.GetAsync(Ct).AsTask();

        var refresh = view.RefreshAsync(Ct);
        gate.SetResult();
        await first;
        var refreshed = await refresh;

        Assert.Equal(2, source.Loads);
        Assert.Equal(2, refreshed!.Revision);
    }

    [Fact]
    public async Task WhenIdleAsync_WaitsForWorkARefreshStarted()
    {
        var source = new Source();
        var work = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        CachedStateView<TestView>? view = null;
        source.OnLoad = () => view!.StartWork(() => work.Task);
        view = source.NewView();

        await view.GetAsync(Ct);
        var idle = view.WhenIdleAsync(Ct);

        Assert.False(idle.IsCompleted);
        work.SetResult();
        await idle;
    }

    private sealed record TestView(long Revision, DateTimeOffset ReadAt) : ICachedView;

    /// <summary>A state that grows a revision per read and can be held, emptied or failed.</summary>
    private sealed class Source
    {
        private int _loads;
        private TaskCompletionSource? _hold;

        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2030, 1, 2, 0, 0, 0, TimeSpan.Zero));

        public int Loads => Volatile.Read(ref _loads);

        public volatile bool Fail;

        public volatile bool Empty;

        public Action? OnLoad { get; set; }

        public TaskCompletionSource Hold() => _hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public CachedStateView<TestView> NewView(
            Action<Exception>? onBackgroundFailure = null, TimeProvider? time = null, Func<TestView, DateTimeOffset, bool>? isUsable = null) =>
            new(
                new CachedViewOptions(RefreshInterval, MaxAge, FirstUseWait, PollInterval, "nothing active (test)"),
                LoadAsync,
                isUsable ?? ((_, _) => true),
                onBackgroundFailure ?? (_ => { }),
                time ?? Clock);

        private async Task<TestView?> LoadAsync()
        {
            var revision = Interlocked.Increment(ref _loads);
            var readAt = Clock.GetUtcNow();
            if (Interlocked.Exchange(ref _hold, null) is { } hold)
            {
                await hold.Task;
            }

            OnLoad?.Invoke();
            if (Fail)
            {
                throw new DependencyUnavailableException("store down (test)");
            }

            return Empty ? null : new TestView(revision, readAt);
        }
    }
}
