using System.Text.RegularExpressions;
using Bridge.Attestors.Oidc;
using Microsoft.Extensions.Options;

namespace Bridge.Attestors.AwsSts;

/// <summary>
/// Validates <see cref="AwsStsNodeAttestorOptions"/>, reporting every problem at once. Disabled options are not checked.
/// An enabled attestor also needs an OIDC issuer of the <c>AwsSts</c> profile to verify the tokens with.
/// </summary>
public sealed partial class AwsStsNodeAttestorOptionsValidator : IValidateOptions<AwsStsNodeAttestorOptions>
{
    private readonly IOptions<OidcAttestorOptions> _oidc;

    /// <summary>A validator that also requires <paramref name="oidc"/> to configure an <c>AwsSts</c> issuer.</summary>
    public AwsStsNodeAttestorOptionsValidator(IOptions<OidcAttestorOptions> oidc)
    {
        ArgumentNullException.ThrowIfNull(oidc);
        _oidc = oidc;
    }

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, AwsStsNodeAttestorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        AwsAccountAllowList.Validate(options.AllowedAccounts, options.AllowAnyAccount, "roles may attest nodes", errors);

        foreach (var role in options.AllowedRoles ?? [])
        {
            if (role is null || !RoleArnPattern().IsMatch(role))
            {
                errors.Add($"AllowedRoles entry '{role}' is not an IAM role ARN (arn:<partition>:iam::<account>:role/<path/>name).");
            }
        }

        if (!(_oidc.Value.Issuers ?? []).Any(i => i?.Profile == OidcIssuerProfile.AwsSts))
        {
            errors.Add($"needs an issuer of profile AwsSts under {OidcAttestorOptions.SectionName}:Issuers to verify the tokens with.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    // Role names are 1-64 of [A-Za-z0-9+=,.@_-]; paths are '/'-separated segments of printable ASCII (no spaces).
    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::[0-9]{12}:role/([\x21-\x7E]{1,512}/)?[A-Za-z0-9+=,.@_-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RoleArnPattern();
}
