using Microsoft.Extensions.Options;

namespace Bridge.Client.Evidence;

/// <summary>Checks <see cref="StsWebIdentityTokenOptions"/> against STS's own limits, reporting every problem at once.</summary>
public sealed class StsWebIdentityTokenOptionsValidator : IValidateOptions<StsWebIdentityTokenOptions>
{
    private const int MaxAudienceLength = 1000;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, StsWebIdentityTokenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            errors.Add("Audience is required (Bridge's audience).");
        }
        else if (options.Audience.Length > MaxAudienceLength)
        {
            errors.Add($"Audience must be at most {MaxAudienceLength} characters.");
        }

        if (options.SigningAlgorithm is not (StsWebIdentityTokenOptions.Rs256 or StsWebIdentityTokenOptions.Es384))
        {
            errors.Add("SigningAlgorithm must be RS256 or ES384.");
        }

        if (options.Duration < StsWebIdentityTokenOptions.MinDuration || options.Duration > StsWebIdentityTokenOptions.MaxDuration
            || options.Duration.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add("Duration must be whole seconds between 60 and 3600.");
        }

        if (string.IsNullOrWhiteSpace(options.Region))
        {
            errors.Add("Region is required: the global STS endpoint does not serve GetWebIdentityToken.");
        }
        else if (options.Region.Equals("aws-global", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("Region must be a real Region: the global STS endpoint does not serve GetWebIdentityToken.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
