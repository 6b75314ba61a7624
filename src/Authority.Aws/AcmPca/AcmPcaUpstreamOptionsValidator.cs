using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.AcmPca;

/// <summary>Checks <see cref="AcmPcaUpstreamOptions"/> and reports every problem at once.</summary>
public sealed class AcmPcaUpstreamOptionsValidator : IValidateOptions<AcmPcaUpstreamOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, AcmPcaUpstreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Section = AcmPcaUpstreamOptions.SectionName;
        var errors = new List<string>();
        if (string.IsNullOrEmpty(options.CertificateAuthorityArn))
        {
            errors.Add($"{Section}:{nameof(options.CertificateAuthorityArn)} is required.");
        }
        else if (!AcmPcaArn.TryParse(options.CertificateAuthorityArn, out var arn))
        {
            errors.Add($"{Section}:{nameof(options.CertificateAuthorityArn)} must look like arn:aws:acm-pca:<region>:<12-digit account>:certificate-authority/<uuid>.");
        }
        else if (!string.IsNullOrEmpty(options.Region) && options.Region != arn.Region)
        {
            errors.Add($"{Section}:{nameof(options.Region)} '{options.Region}' differs from the CA's Region '{arn.Region}' (a private CA is only reachable in its own Region).");
        }

        if (!string.IsNullOrEmpty(options.ServiceUrl)
            && (!Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")
                || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0))
        {
            errors.Add($"{Section}:{nameof(options.ServiceUrl)} must be an absolute http(s) URL with no path, query or user info.");
        }

        if (!string.IsNullOrEmpty(options.SigningAlgorithm) && !AcmPcaSigningAlgorithms.IsKnown(options.SigningAlgorithm))
        {
            errors.Add($"{Section}:{nameof(options.SigningAlgorithm)} must be one of {string.Join(", ", AcmPcaSigningAlgorithms.All)}, or empty to derive it from the CA's key.");
        }

        if (!AcmPcaArn.IsTemplateArn(options.TemplateArn))
        {
            errors.Add($"{Section}:{nameof(options.TemplateArn)} must look like {AcmPcaUpstreamOptions.DefaultTemplateArn}.");
        }
        else if (!AcmPcaArn.IsSubordinateCaTemplate(options.TemplateArn))
        {
            errors.Add($"{Section}:{nameof(options.TemplateArn)} must be a subordinate CA template (SubordinateCACertificate_PathLen*): Bridge's intermediate is a CA that signs leaves.");
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

        if (options.IssuanceTimeout <= TimeSpan.Zero || options.IssuanceTimeout > TimeSpan.FromMinutes(15))
        {
            errors.Add($"{Section}:{nameof(options.IssuanceTimeout)} must be positive and at most 15 minutes.");
        }

        if (options.PollInitialDelay < TimeSpan.Zero)
        {
            errors.Add($"{Section}:{nameof(options.PollInitialDelay)} must not be negative.");
        }

        if (options.PollMaxDelay < options.PollInitialDelay || options.PollMaxDelay > TimeSpan.FromMinutes(1))
        {
            errors.Add($"{Section}:{nameof(options.PollMaxDelay)} must be at least {nameof(options.PollInitialDelay)} and at most 1 minute.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
