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

        KmsConnectionOptionsRules.Validate(
            Section, options.Region, options.ServiceUrl, options.MaxAttempts, options.RetryBaseDelay, options.RetryMaxDelay, errors);

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
