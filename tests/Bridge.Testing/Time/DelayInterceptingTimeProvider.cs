using Microsoft.Extensions.Time.Testing;

namespace Bridge.Testing.Time;

/// <summary>
/// A clock for code that waits with <c>Task.Delay(delay, timeProvider, token)</c>: each such delay is shown to
/// <see cref="OnDelay"/>, which decides whether it elapses at once or never (the waiter then ends only by its token).
/// Time itself, and every other timer (a <see cref="CancellationTokenSource"/>'s timeout), is the wrapped
/// <see cref="FakeTimeProvider"/>'s, so budgets still run out when the test advances it. Tests observe backoffs this way
/// without sleeping and without a hook in the code under test.
/// </summary>
/// <remarks>
/// A delay is told apart from other timers by its state: <c>Task.Delay</c> passes the task it completes, a
/// <see cref="CancellationTokenSource"/> passes itself. Should the runtime change that, delays are no longer shown and
/// the tests counting them fail, rather than passing untested.
/// </remarks>
public sealed class DelayInterceptingTimeProvider(FakeTimeProvider clock) : TimeProvider
{
    /// <summary>
    /// Called once per delay, on a thread-pool thread after the delay was set up: true lets it elapse at once, false
    /// keeps it pending (to advance <see cref="Clock"/> or cancel instead). Lets every delay elapse by default.
    /// </summary>
    public Func<TimeSpan, bool> OnDelay { get; set; } = static _ => true;

    /// <summary>The fake clock that keeps the time and runs every other timer.</summary>
    public FakeTimeProvider Clock { get; } = clock;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow() => Clock.GetUtcNow();

    /// <inheritdoc/>
    public override long GetTimestamp() => Clock.GetTimestamp();

    /// <inheritdoc/>
    public override long TimestampFrequency => Clock.TimestampFrequency;

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => Clock.LocalTimeZone;

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (state is not Task || period != Timeout.InfiniteTimeSpan)
        {
            return Clock.CreateTimer(callback, state, dueTime, period);
        }

        var delay = new DelayTimer(callback, state);
        // Not inline: the delay's task is still being built while its timer is created.
        ThreadPool.QueueUserWorkItem(_ =>
        {
            if (OnDelay(dueTime))
            {
                delay.Fire();
            }
        });
        return delay;
    }

    private sealed class DelayTimer(TimerCallback callback, object? state) : ITimer
    {
        private int _done;

        public void Fire()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                callback(state);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => Volatile.Read(ref _done) == 0;

        public void Dispose() => Interlocked.Exchange(ref _done, 1);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
