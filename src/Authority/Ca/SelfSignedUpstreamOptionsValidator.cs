using Bridge.Abstractions.Keys;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Ca;

/// <summary>Validates <see cref="SelfSignedUpstreamOptions"/>, reporting every problem at once.</summary>
public sealed class SelfSignedUpstreamOptionsValidator : IValidateOptions<SelfSignedUpstreamOptions>
{
    /// <summary>Shortest root lifetime accepted: the root must outlive the intermediates it signs by a useful margin.</summary>
    public static readonly TimeSpan MinRootTtl = TimeSpan.FromDays(1);

    /// <summary>Longest root lifetime accepted.</summary>
    public static readonly TimeSpan MaxRootTtl = TimeSpan.FromDays(3650);

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, SelfSignedUpstreamOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.RootKeyId))
        {
            errors.Add($"{nameof(SelfSignedUpstreamOptions.RootKeyId)} must be set.");
        }

        if (!Enum.IsDefined(options.RootKeyType))
        {
            errors.Add($"{nameof(SelfSignedUpstreamOptions.RootKeyType)} '{options.RootKeyType}' is not a known key type.");
        }

        if (options.RootTtl < MinRootTtl || options.RootTtl > MaxRootTtl)
        {
            errors.Add($"{nameof(SelfSignedUpstreamOptions.RootTtl)} must be between {MinRootTtl.TotalDays} and {MaxRootTtl.TotalDays} days.");
        }

        if (options.RootCertificatePath is not null && string.IsNullOrWhiteSpace(options.RootCertificatePath))
        {
            errors.Add($"{nameof(SelfSignedUpstreamOptions.RootCertificatePath)} must be a path or unset.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
