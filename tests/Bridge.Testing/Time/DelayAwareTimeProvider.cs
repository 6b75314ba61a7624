using Microsoft.Extensions.Time.Testing;

namespace Bridge.Testing.Time;

/// <summary>
/// A clock whose time and timers are a <see cref="FakeTimeProvider"/>'s, except the timers of
/// <c>Task.Delay(delay, timeProvider, token)</c>, which it hands to <see cref="CreateDelay"/>: the base of the test
/// clocks that watch or steer the waits of the code under test, without a hook in that code.
/// </summary>
/// <remarks>
/// A delay is told apart from other timers by its state: <c>Task.Delay</c> passes the task it completes, a
/// <see cref="CancellationTokenSource"/> passes itself. Should the runtime change that, no delay is seen and the tests
/// that count on seeing them fail, rather than passing untested.
/// </remarks>
public abstract class DelayAwareTimeProvider(FakeTimeProvider clock) : TimeProvider
{
    /// <summary>The fake clock that keeps the time and runs every timer but the delays' own handling.</summary>
    public FakeTimeProvider Clock { get; } = clock;

    /// <inheritdoc/>
    public sealed override DateTimeOffset GetUtcNow() => Clock.GetUtcNow();

    /// <inheritdoc/>
    public sealed override long GetTimestamp() => Clock.GetTimestamp();

    /// <inheritdoc/>
    public sealed override long TimestampFrequency => Clock.TimestampFrequency;

    /// <inheritdoc/>
    public sealed override TimeZoneInfo LocalTimeZone => Clock.LocalTimeZone;

    /// <inheritdoc/>
    public sealed override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        state is Task && period == Timeout.InfiniteTimeSpan
            ? CreateDelay(callback, state, dueTime)
            : Clock.CreateTimer(callback, state, dueTime, period);

    /// <summary>The timer of one <c>Task.Delay</c> of <paramref name="dueTime"/>; <paramref name="callback"/> completes it.</summary>
    protected abstract ITimer CreateDelay(TimerCallback callback, object? state, TimeSpan dueTime);
}
