namespace Bridge.Abstractions.Replay;

/// <summary>Enforces the replay policy of evidence. Shared by every instance of the service in production.</summary>
public interface IReplayCache
{
    /// <summary>
    /// Records one use of <paramref name="key"/> and returns <see cref="ReplayUseResult.Accepted"/> when the key has
    /// been used fewer than <see cref="ReplayPolicy.MaxUses"/> times since its record was created;
    /// <see cref="ReplayUseResult.AlreadyUsed"/> when that many uses are recorded and the record has not expired, and
    /// also when <paramref name="notAfter"/> is not in the future; <see cref="ReplayUseResult.Full"/> when a new record
    /// cannot be stored. The record must be kept at least until the <paramref name="notAfter"/> of its first use; once
    /// expired, the key starts afresh. Concurrent calls with one key yield exactly <see cref="ReplayPolicy.MaxUses"/>
    /// accepted uses, and a backend that retries a write whose answer was lost must not count it twice.
    /// </summary>
    ValueTask<ReplayUseResult> TryUseAsync(string key, DateTimeOffset notAfter, ReplayPolicy policy, CancellationToken cancellationToken);
}
