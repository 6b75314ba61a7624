namespace Bridge.Authority.Aws.Kms;

/// <summary>The endpoint and retry settings every KMS-backed key manager takes, checked the same way for each.</summary>
internal static class KmsConnectionOptionsRules
{
    /// <summary>The most attempts a call may make.</summary>
    public const int MaxAttemptsLimit = 10;

    /// <summary>The longest pause between attempts, in seconds.</summary>
    public const int RetryMaxDelayLimitSeconds = 30;

    /// <summary>Adds an error to <paramref name="errors"/> for each invalid endpoint or retry setting.</summary>
    /// <param name="section">The configuration section the settings are read from, used in the messages.</param>
    /// <param name="region">The Region option.</param>
    /// <param name="serviceUrl">The ServiceUrl option.</param>
    /// <param name="maxAttempts">The MaxAttempts option.</param>
    /// <param name="retryBaseDelay">The RetryBaseDelay option.</param>
    /// <param name="retryMaxDelay">The RetryMaxDelay option.</param>
    /// <param name="errors">Receives the errors.</param>
    public static void Validate(
        string section, string? region, string? serviceUrl, int maxAttempts, TimeSpan retryBaseDelay, TimeSpan retryMaxDelay, List<string> errors)
    {
        if (!string.IsNullOrEmpty(serviceUrl)
            && (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
        {
            errors.Add($"{section}:ServiceUrl must be an absolute http(s) URL.");
        }

        if (!string.IsNullOrEmpty(serviceUrl) && string.IsNullOrEmpty(region))
        {
            errors.Add($"{section}:Region is required with ServiceUrl (requests are signed for a Region).");
        }

        if (maxAttempts is < 1 or > MaxAttemptsLimit)
        {
            errors.Add($"{section}:MaxAttempts must be between 1 and {MaxAttemptsLimit}.");
        }

        if (retryBaseDelay < TimeSpan.Zero)
        {
            errors.Add($"{section}:RetryBaseDelay must not be negative.");
        }

        if (retryMaxDelay < retryBaseDelay || retryMaxDelay > TimeSpan.FromSeconds(RetryMaxDelayLimitSeconds))
        {
            errors.Add($"{section}:RetryMaxDelay must be at least RetryBaseDelay and at most {RetryMaxDelayLimitSeconds} seconds.");
        }
    }
}
