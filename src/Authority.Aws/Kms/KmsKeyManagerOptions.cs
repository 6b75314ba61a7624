namespace Bridge.Authority.Aws.Kms;

/// <summary>Settings of <see cref="KmsKeyManager"/>. Bound from configuration section <c>Bridge:Keys:Kms</c>.</summary>
public sealed class KmsKeyManagerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:Keys:Kms";

    /// <summary>KMS's own lower bound for <c>PendingWindowInDays</c>.</summary>
    public const int MinPendingWindowDays = 7;

    /// <summary>KMS's own upper bound for <c>PendingWindowInDays</c>.</summary>
    public const int MaxPendingWindowDays = 30;

    /// <summary>
    /// The one alias path segment that keeps this deployment's keys apart from every other deployment in the account
    /// and Region, e.g. <c>example-org</c>: keys live under <c>alias/bridge/&lt;AliasNamespace&gt;/</c>. 1–64 characters
    /// of <c>[A-Za-z0-9_-]</c>; being a single segment, one namespace can never be a prefix of another.
    /// </summary>
    public string AliasNamespace { get; set; } = string.Empty;

    /// <summary>The AWS Region, e.g. <c>us-east-1</c>; empty for the SDK's default (AWS_REGION in Lambda).</summary>
    public string? Region { get; set; }

    /// <summary>An explicit endpoint (a VPC endpoint, or a local test endpoint); empty for the Region's endpoint.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>How many times a throttled or failed KMS call is attempted in all before giving up (1–10).</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The base of the exponential back-off between attempts; each delay is drawn uniformly below its cap.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The cap of any single back-off delay.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The pending window when Bridge deletes a key it created but could not alias, or a key it replaced (7–30 days;
    /// KMS cannot delete sooner).
    /// </summary>
    public int DeletionPendingWindowDays { get; set; } = MinPendingWindowDays;
}
