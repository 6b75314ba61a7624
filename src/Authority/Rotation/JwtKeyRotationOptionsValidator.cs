using Microsoft.Extensions.Options;

namespace Bridge.Authority.Rotation;

/// <summary>
/// Checks <see cref="JwtKeyRotationOptions"/> and reports every problem at once; given the authority options it also
/// checks that the lifetime leaves room for the waits the rotation needs.
/// </summary>
public sealed class JwtKeyRotationOptionsValidator : IValidateOptions<JwtKeyRotationOptions>
{
    private readonly IOptions<AuthorityOptions>? _authorityOptions;

    /// <summary>Creates a validator of the rotation options alone.</summary>
    public JwtKeyRotationOptionsValidator()
    {
    }

    /// <summary>Creates a validator that also checks the rotation options against the authority options.</summary>
    public JwtKeyRotationOptionsValidator(IOptions<AuthorityOptions> authorityOptions)
    {
        ArgumentNullException.ThrowIfNull(authorityOptions);
        _authorityOptions = authorityOptions;
    }

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, JwtKeyRotationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var prefix = JwtKeyRotationOptions.SectionName + ":";
        RequireRange(errors, prefix + nameof(options.KeyLifetime), options.KeyLifetime, TimeSpan.FromMinutes(10), TimeSpan.FromDays(365));
        RequireRange(errors, prefix + nameof(options.StateStaleTolerance), options.StateStaleTolerance, TimeSpan.Zero, TimeSpan.FromHours(1));
        RequireRange(errors, prefix + nameof(options.ClockSkewAllowance), options.ClockSkewAllowance, TimeSpan.Zero, TimeSpan.FromHours(1));
        RequireRange(errors, prefix + nameof(options.PendingTimeout), options.PendingTimeout, TimeSpan.FromSeconds(30), TimeSpan.FromHours(1));
        if (options.MaxPublishedKeys is < 2 or > 100)
        {
            errors.Add($"{prefix}{nameof(options.MaxPublishedKeys)}: must be 2 to 100 (AWS IAM reads at most 100 keys of a type).");
        }

        var authority = ReadAuthorityOptions();
        if (authority is not null && errors.Count == 0)
        {
            // As SPIRE requires of its CA: a key lives at least six of the longest tokens it signs.
            if (options.KeyLifetime < authority.MaxJwtSvidTtl * 6)
            {
                errors.Add($"{prefix}{nameof(options.KeyLifetime)}: must be at least 6 x {AuthorityOptions.SectionName}:MaxJwtSvidTtl ({authority.MaxJwtSvidTtl * 6}).");
            }

            // Between preparation (1/2) and activation (5/6) every relying party must have fetched the new key.
            var publishWait = authority.BundleRefreshHint + authority.StateRefreshInterval + options.StateStaleTolerance;
            if (options.KeyLifetime / 3 < publishWait)
            {
                errors.Add($"{prefix}{nameof(options.KeyLifetime)}: a third of it must cover BundleRefreshHint + StateRefreshInterval + StateStaleTolerance ({publishWait}).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    // Read when validating, not when constructed: invalid authority options are reported by their own validator, in
    // the same start-up report as ours, instead of cutting that report short with their exception.
    private AuthorityOptions? ReadAuthorityOptions()
    {
        try
        {
            return _authorityOptions?.Value;
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }

    private static void RequireRange(List<string> errors, string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{name}: must be between {min} and {max}.");
        }
    }
}
