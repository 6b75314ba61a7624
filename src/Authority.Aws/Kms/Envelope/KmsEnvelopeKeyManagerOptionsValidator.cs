using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.Kms.Envelope;

/// <summary>Checks <see cref="KmsEnvelopeKeyManagerOptions"/> and reports every problem at once.</summary>
public sealed class KmsEnvelopeKeyManagerOptionsValidator : IValidateOptions<KmsEnvelopeKeyManagerOptions>
{
    /// <summary>
    /// The longest namespace: the state document name <c>envelope-keys-&lt;Namespace&gt;</c> must stay within the
    /// store's 64-character limit.
    /// </summary>
    public const int MaxNamespaceLength = 50;

    /// <summary>KMS's own limit for a key identifier.</summary>
    public const int MaxWrappingKeyIdLength = 2048;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, KmsEnvelopeKeyManagerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Section = KmsEnvelopeKeyManagerOptions.SectionName;
        var errors = new List<string>();
        if (string.IsNullOrEmpty(options.WrappingKeyId))
        {
            errors.Add($"{Section}:{nameof(options.WrappingKeyId)} is required (the alias or ARN of a symmetric ENCRYPT_DECRYPT KMS key).");
        }
        else if (!IsValidWrappingKeyId(options.WrappingKeyId))
        {
            errors.Add($"{Section}:{nameof(options.WrappingKeyId)} must be a KMS alias (alias/..., not an AWS managed alias/aws/...), an alias or key ARN, or a key id.");
        }

        if (string.IsNullOrEmpty(options.Namespace))
        {
            errors.Add($"{Section}:{nameof(options.Namespace)} is required (e.g. the trust domain with '.' written as '-').");
        }
        else if (!IsValidNamespace(options.Namespace))
        {
            errors.Add($"{Section}:{nameof(options.Namespace)} must be 1-{MaxNamespaceLength} characters of [a-z0-9-].");
        }

        KmsConnectionOptionsRules.Validate(
            Section, options.Region, options.ServiceUrl, options.MaxAttempts, options.RetryBaseDelay, options.RetryMaxDelay, errors);

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsValidWrappingKeyId(string value)
    {
        if (value.Length > MaxWrappingKeyIdLength || value.Any(char.IsWhiteSpace))
        {
            return false;
        }

        if (value.StartsWith("alias/", StringComparison.Ordinal))
        {
            // AWS managed keys (alias/aws/...) only serve the AWS service they belong to; GenerateDataKeyPair on them fails.
            return value.Length > "alias/".Length && !value.StartsWith("alias/aws/", StringComparison.Ordinal);
        }

        if (value.StartsWith("arn:", StringComparison.Ordinal))
        {
            // arn:<partition>:kms:<region>:<account>:key/<id> or ...:alias/<name>
            var parts = value.Split(':', 6);
            return parts.Length == 6 && parts[2] == "kms" && parts[1].StartsWith("aws", StringComparison.Ordinal)
                && (parts[5].StartsWith("key/", StringComparison.Ordinal) || parts[5].StartsWith("alias/", StringComparison.Ordinal))
                && !parts[5].StartsWith("alias/aws/", StringComparison.Ordinal);
        }

        // A bare key id: a UUID, or a multi-Region key id (mrk-<32 hex>).
        return Guid.TryParseExact(value, "D", out _)
            || (value.StartsWith("mrk-", StringComparison.Ordinal) && value.Length == 36 && value[4..].All(char.IsAsciiHexDigit));
    }

    private static bool IsValidNamespace(string value)
    {
        if (value.Length > MaxNamespaceLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }
}
