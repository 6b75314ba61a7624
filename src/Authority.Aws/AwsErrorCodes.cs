using System.Collections.Frozen;

namespace Bridge.Authority.Aws;

/// <summary>
/// The error codes AWS services answer with when a caller exceeds its request rate, in one list: the throttle metric
/// counts them, and the KMS, DynamoDB and Private CA callers retry them (each adds its service's own server faults).
/// </summary>
internal static class AwsErrorCodes
{
    /// <summary>Throttling, as KMS, DynamoDB, Private CA and the SDK's generic errors name it.</summary>
    public static readonly FrozenSet<string> Throttling = FrozenSet.Create(
        StringComparer.Ordinal,
        "ThrottlingException",
        "Throttling",
        "ThrottledException",
        "RequestLimitExceeded",
        "RequestLimitExceededException",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "RequestThrottled",
        "RequestThrottledException",
        "SlowDown");

    /// <summary><see cref="Throttling"/> and <paramref name="serverFaults"/>: the codes a caller may retry.</summary>
    public static FrozenSet<string> Transient(params string[] serverFaults) =>
        Throttling.Concat(serverFaults).ToFrozenSet(StringComparer.Ordinal);
}
