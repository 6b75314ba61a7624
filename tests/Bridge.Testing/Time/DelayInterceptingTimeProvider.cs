using Microsoft.Extensions.Time.Testing;

namespace Bridge.Testing.Time;

/// <summary>
/// A clock for code that waits with <c>Task.Delay(delay, timeProvider, token)</c>: each such delay is shown to
/// <see cref="OnDelay"/>, which decides whether it elapses at once or never (the waiter then ends only by its token).
/// Time itself, and every other timer (a <see cref="CancellationTokenSource"/>'s timeout), is the wrapped
/// <see cref="FakeTimeProvider"/>'s, so budgets still run out when the test advances it. Tests observe backoffs this way
/// without sleeping and without a hook in the code under test.
/// </summary>
public sealed class DelayInterceptingTimeProvider(FakeTimeProvider clock) : DelayAwareTimeProvider(clock)
{
    /// <summary>
    /// Called once per delay, on a thread-pool thread after the delay was set up: true lets it elapse at once, false
    /// keeps it pending (to advance <see cref="Clock"/> or cancel instead). Lets every delay elapse by default.
    /// </summary>
    public Func<TimeSpan, bool> OnDelay { get; set; } = static _ => true;

    /// <inheritdoc/>
    protected override ITimer CreateDelay(TimerCallback callback, object? state, TimeSpan dueTime)
    {
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
