using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.Kms;

/// <summary>Checks <see cref="KmsKeyManagerOptions"/> and reports every problem at once.</summary>
public sealed class KmsKeyManagerOptionsValidator : IValidateOptions<KmsKeyManagerOptions>
{
    /// <summary>The longest alias namespace; keeps every alias well under KMS's 256-character limit.</summary>
    public const int MaxAliasNamespaceLength = 64;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, KmsKeyManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Section = KmsKeyManagerOptions.SectionName;
        var errors = new List<string>();
        if (string.IsNullOrEmpty(options.AliasNamespace))
        {
            errors.Add($"{Section}:{nameof(options.AliasNamespace)} is required (e.g. the trust domain with '.' written as '-').");
        }
        else if (!IsValidNamespace(options.AliasNamespace))
        {
            errors.Add($"{Section}:{nameof(options.AliasNamespace)} must be 1-{MaxAliasNamespaceLength} characters of [A-Za-z0-9_-].");
        }

        if (!string.IsNullOrEmpty(options.ServiceUrl)
            && (!Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
        {
            errors.Add($"{Section}:{nameof(options.ServiceUrl)} must be an absolute http(s) URL.");
        }

        if (!string.IsNullOrEmpty(options.ServiceUrl) && string.IsNullOrEmpty(options.Region))
        {
            errors.Add($"{Section}:{nameof(options.Region)} is required with {nameof(options.ServiceUrl)} (requests are signed for a Region).");
        }

        if (options.MaxAttempts is < 1 or > 10)
        {
            errors.Add($"{Section}:{nameof(options.MaxAttempts)} must be between 1 and 10.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero)
        {
            errors.Add($"{Section}:{nameof(options.RetryBaseDelay)} must not be negative.");
        }

        if (options.RetryMaxDelay < options.RetryBaseDelay || options.RetryMaxDelay > TimeSpan.FromSeconds(30))
        {
            errors.Add($"{Section}:{nameof(options.RetryMaxDelay)} must be at least {nameof(options.RetryBaseDelay)} and at most 30 seconds.");
        }

        if (options.DeletionPendingWindowDays is < KmsKeyManagerOptions.MinPendingWindowDays or > KmsKeyManagerOptions.MaxPendingWindowDays)
        {
            errors.Add($"{Section}:{nameof(options.DeletionPendingWindowDays)} must be between {KmsKeyManagerOptions.MinPendingWindowDays} and {KmsKeyManagerOptions.MaxPendingWindowDays}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsValidNamespace(string value)
    {
        if (value.Length > MaxAliasNamespaceLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
