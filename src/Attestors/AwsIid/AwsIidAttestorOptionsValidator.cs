using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Bridge.Attestors.AwsIid;

/// <summary>Validates <see cref="AwsIidAttestorOptions"/>, reporting every problem at once. Disabled options are not checked.</summary>
public sealed partial class AwsIidAttestorOptionsValidator : IValidateOptions<AwsIidAttestorOptions>
{
    /// <summary>The largest <see cref="AwsIidAttestorOptions.MaxInstanceAge"/>.</summary>
    public static readonly TimeSpan HardMaxInstanceAge = TimeSpan.FromDays(3650);

    /// <summary>The largest <see cref="AwsIidAttestorOptions.AwsCallTimeout"/>.</summary>
    public static readonly TimeSpan HardMaxAwsCallTimeout = TimeSpan.FromSeconds(60);

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, AwsIidAttestorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        AwsAccountAllowList.Validate(options.AllowedAccounts, options.AllowAnyAccount, "instances may attest", errors);

        if (options.MaxInstanceAge is { } age && (age <= TimeSpan.Zero || age > HardMaxInstanceAge))
        {
            errors.Add($"MaxInstanceAge must be positive and at most {HardMaxInstanceAge.TotalDays:0} days.");
        }

        if (options.AssumeRoleName is { } role)
        {
            if (!RoleNamePattern().IsMatch(role))
            {
                errors.Add("AssumeRoleName must be an IAM role name (1-64 characters of letters, digits and +=,.@_-; no path).");
            }

            if (!options.DescribeInstances)
            {
                errors.Add("AssumeRoleName needs DescribeInstances: the role is assumed only to describe the instance.");
            }
        }

        if (options.AwsCallTimeout <= TimeSpan.Zero || options.AwsCallTimeout > HardMaxAwsCallTimeout)
        {
            errors.Add($"AwsCallTimeout must be positive and at most {HardMaxAwsCallTimeout.TotalSeconds:0} seconds.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex(@"^[A-Za-z0-9+=,.@_-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RoleNamePattern();
}
