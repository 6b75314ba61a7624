using Microsoft.Extensions.Time.Testing;

namespace Bridge.Testing.Time;

/// <summary>
/// A view of a <see cref="FakeTimeProvider"/> that counts the <c>Task.Delay(delay, timeProvider, token)</c> waits not
/// yet elapsed or cancelled. A test that advances the fake clock to end a wait must first know the wait has begun:
/// advanced a moment too early, the clock moves before the timer exists and the timer then waits for a time the test
/// never reaches. <see cref="PendingDelays"/> tells it, without a hook in the code under test.
/// </summary>
public sealed class DelayObservingTimeProvider(FakeTimeProvider clock) : DelayAwareTimeProvider(clock)
{
    private int _pending;

    /// <summary>How many delays have begun and neither elapsed nor been cancelled.</summary>
    public int PendingDelays => Volatile.Read(ref _pending);

    /// <inheritdoc/>
    protected override ITimer CreateDelay(TimerCallback callback, object? state, TimeSpan dueTime)
    {
        var delay = new DelayTimer(this);
        delay.Inner = Clock.CreateTimer(
            s =>
            {
                delay.End();
                callback(s);
            },
            state,
            dueTime,
            Timeout.InfiniteTimeSpan);

        // Counted only once the fake clock holds the timer: a test that advanced the clock on seeing the count before
        // would move it under no timer, and the timer would then wait past the time the test advanced to.
        delay.Arm();
        return delay;
    }

    private sealed class DelayTimer(DelayObservingTimeProvider owner) : ITimer
    {
        private readonly Lock _lock = new();
        private bool _armed;
        private bool _ended;

        public ITimer Inner { get; set; } = null!;

        /// <summary>Counts the delay as pending, unless it already elapsed or was cancelled.</summary>
        public void Arm()
        {
            lock (_lock)
            {
                if (!_ended)
                {
                    _armed = true;
                    Interlocked.Increment(ref owner._pending);
                }
            }
        }

        public void End()
        {
            lock (_lock)
            {
                if (_armed && !_ended)
                {
                    Interlocked.Decrement(ref owner._pending);
                }

                _ended = true;
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => Inner.Change(dueTime, period);

        public void Dispose()
        {
            End();
            Inner.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            End();
            await Inner.DisposeAsync().ConfigureAwait(false);
        }
    }
}
