using Bridge.Abstractions;

namespace Bridge.Authority.Rotation.Engine;

/// <summary>
/// An instance's cached view of a rotation state document with bounded staleness. A warm instance serves from memory;
/// a view older than <see cref="CachedViewOptions.RefreshInterval"/> is re-read in the background (one read at a time,
/// and after a failed read not again before another interval, so an outage of the store is not met with a read per
/// request); a view of <see cref="CachedViewOptions.MaxAge"/> or older is never served: the caller waits for a fresh
/// read, and a failed read fails closed. Reads are single-flight: concurrent callers share one, which never runs on a
/// caller's token. Background work (refreshes, and rotation steps a policy starts with <see cref="StartWork"/>) is
/// tracked so that a stopping host can drain it (<see cref="WhenIdleAsync"/>).
/// </summary>
/// <typeparam name="TView">What a policy builds from one read (the JWT key ring's snapshot, the CA's active CA).</typeparam>
internal sealed class CachedStateView<TView>
    where TView : class, ICachedView
{
    private readonly CachedViewOptions _options;
    private readonly Func<Task<TView?>> _load;
    private readonly Func<TView, DateTimeOffset, bool> _isUsable;
    private readonly Action<Exception> _onBackgroundFailure;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private volatile TView? _view;
    private Task<TView?>? _refresh;
    private Task? _work;
    private long _nextRefreshTicks;

    /// <param name="options">Freshness bounds.</param>
    /// <param name="load">
    /// Reads the state (running a due rotation step if the policy wants) and builds a view; null when the state holds
    /// nothing usable yet. It runs without a caller's token, since callers share it.
    /// </param>
    /// <param name="isUsable">Whether a view may serve at a time regardless of its age (a CA only until it expires).</param>
    /// <param name="onBackgroundFailure">Logs a failed background read; the cached view keeps serving meanwhile.</param>
    /// <param name="timeProvider">The clock, for ages and for the wait while another instance makes the first slot.</param>
    public CachedStateView(
        CachedViewOptions options,
        Func<Task<TView?>> load,
        Func<TView, DateTimeOffset, bool> isUsable,
        Action<Exception> onBackgroundFailure,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(isUsable);
        ArgumentNullException.ThrowIfNull(onBackgroundFailure);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _load = load;
        _isUsable = isUsable;
        _onBackgroundFailure = onBackgroundFailure;
        _timeProvider = timeProvider;
    }

    /// <summary>The view last installed, whatever its age; null before the first successful read.</summary>
    public TView? Current => _view;

    /// <summary>
    /// The view to serve; completes synchronously while the cached view is younger than the maximum age (the hot path),
    /// starting a background read once it is older than the refresh interval.
    /// </summary>
    /// <exception cref="DependencyUnavailableException">No usable view can be had: the read failed or nothing is active yet.</exception>
    public ValueTask<TView> GetAsync(CancellationToken cancellationToken)
    {
        var view = _view;
        var now = _timeProvider.GetUtcNow();
        if (view is not null && IsServable(view, now))
        {
            if (now.UtcTicks >= Interlocked.Read(ref _nextRefreshTicks))
            {
                StartBackgroundRefresh();
            }

            return ValueTask.FromResult(view);
        }

        return new ValueTask<TView>(WaitUntilServableAsync(cancellationToken));
    }

    /// <summary>
    /// Reads the state now (after any read in flight, which may predate the caller's reason to refresh) and returns the
    /// view built from it; null when the state holds nothing usable.
    /// </summary>
    public async Task<TView?> RefreshAsync(CancellationToken cancellationToken)
    {
        Task? inFlight;
        lock (_lock)
        {
            inFlight = _refresh is { IsCompleted: false } running ? running : null;
        }

        if (inFlight is not null)
        {
            await inFlight.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        return await SharedRefresh(background: false).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Installs a view the policy built itself (the state a rotation step ended with), so the instance sees its own change at once.</summary>
    public void Accept(TView view) => Install(view);

    /// <summary>
    /// Runs <paramref name="work"/> (a rotation step) in the background unless the previous one is still running; it
    /// must handle its own failures. <see cref="WhenIdleAsync"/> waits for it.
    /// </summary>
    public void StartWork(Func<Task> work)
    {
        lock (_lock)
        {
            if (_work is { IsCompleted: false })
            {
                return;
            }

            _work = Task.Run(work);
        }
    }

    /// <summary>
    /// Completes once no background read or work is running. A read may start work as it ends, so both are awaited
    /// until neither is in flight. Their failures are the policy's to log; this only waits for their end.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the work itself goes on).</param>
    public Task WhenIdleAsync(CancellationToken cancellationToken) => WhenIdleCoreAsync().WaitAsync(cancellationToken);

    private async Task WhenIdleCoreAsync()
    {
        while (true)
        {
            Task refresh, work;
            lock (_lock)
            {
                refresh = _refresh ?? Task.CompletedTask;
                work = _work ?? Task.CompletedTask;
            }

            if (refresh.IsCompleted && work.IsCompleted)
            {
                return;
            }

            await Task.WhenAll(refresh, work).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    private bool IsServable(TView view, DateTimeOffset now) => now - view.ReadAt < _options.MaxAge && _isUsable(view, now);

    private async Task<TView> WaitUntilServableAsync(CancellationToken cancellationToken)
    {
        // Another instance making the first slot finishes (or its claim goes stale and a read here takes it over) within
        // the policy's wait; polling on the injected clock keeps tests free of real time.
        var deadline = _timeProvider.GetUtcNow() + _options.FirstUseWait;
        while (true)
        {
            await SharedRefresh(background: false).WaitAsync(cancellationToken).ConfigureAwait(false);
            var now = _timeProvider.GetUtcNow();
            if (_view is { } view && IsServable(view, now))
            {
                return view;
            }

            if (now >= deadline)
            {
                throw new DependencyUnavailableException(_options.NotReadyMessage);
            }

            await Task.Delay(_options.PollInterval, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private void StartBackgroundRefresh()
    {
        lock (_lock)
        {
            if (_refresh is { IsCompleted: false })
            {
                return;
            }
        }

        _ = SharedRefresh(background: true);
    }

    /// <summary>One read at a time; a caller arriving meanwhile shares it. A foreground read runs on the caller's stack.</summary>
    private Task<TView?> SharedRefresh(bool background)
    {
        TaskCompletionSource<TView?> completion;
        lock (_lock)
        {
            if (_refresh is { IsCompleted: false } running)
            {
                return running;
            }

            // Waiters continue on the reader's stack, as after any awaited read: a caller polling for the first slot then
            // sets up its next wait before its own call returns.
            completion = new TaskCompletionSource<TView?>();
            _refresh = completion.Task;
        }

        if (background)
        {
            _ = Task.Run(() => RefreshCoreAsync(completion, background: true));
        }
        else
        {
            _ = RefreshCoreAsync(completion, background: false);
        }

        return completion.Task;
    }

    private async Task RefreshCoreAsync(TaskCompletionSource<TView?> completion, bool background)
    {
        try
        {
            var view = await _load().ConfigureAwait(false);
            if (view is not null)
            {
                Install(view);
            }

            completion.SetResult(view);
        }
        catch (Exception e)
        {
            if (background)
            {
                // The cached view keeps serving until MaxAge; try again one interval later, not on every request.
                Interlocked.Exchange(ref _nextRefreshTicks, (_timeProvider.GetUtcNow() + _options.RefreshInterval).UtcTicks);
                _onBackgroundFailure(e);
            }

            completion.SetException(e);
            if (background)
            {
                // Nobody may be waiting for a background read: observe its failure here (it was logged above).
                _ = completion.Task.Exception;
            }
        }
    }

    private void Install(TView view)
    {
        lock (_lock)
        {
            // Never replace a newer view with an older one (a slow read finishing after a rotation step's result).
            if (_view is null || _view.Revision <= view.Revision)
            {
                _view = view;
                Interlocked.Exchange(ref _nextRefreshTicks, (view.ReadAt + _options.RefreshInterval).UtcTicks);
            }
        }
    }
}
