using System.Security.Cryptography;

namespace Bridge.Authority.Aws;

/// <summary>The backoff every AWS backend of Bridge uses between retries of a throttled or failed call.</summary>
internal static class RetryBackoff
{
    /// <summary>
    /// The delay before retry number <paramref name="attempt"/> (1-based): uniform in [0, min(max, base·2^(attempt-1))]
    /// ("full jitter"), so instances throttled together do not retry together.
    /// </summary>
    public static TimeSpan FullJitter(int attempt, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var capMilliseconds = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30)));
        var cap = (int)Math.Clamp(capMilliseconds, 0, int.MaxValue - 1);
        return TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32(0, cap + 1));
    }
}
