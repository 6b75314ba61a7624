namespace Bridge.Abstractions.Replay;

/// <summary>Enforces single use of evidence. Shared by every instance of the service in production.</summary>
public interface IReplayCache
{
    /// <summary>
    /// Records the first use of <paramref name="key"/> and returns true; returns false when the key was already used
    /// and its record has not expired. The record must be kept at least until <paramref name="notAfter"/>.
    /// Concurrent calls with one key yield exactly one true.
    /// </summary>
    ValueTask<bool> TryUseAsync(string key, DateTimeOffset notAfter, CancellationToken cancellationToken);
}
