using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Bridge.Attestors.Oidc;

/// <summary>Validates <see cref="OidcAttestorOptions"/>, reporting every problem at once.</summary>
public sealed partial class OidcAttestorOptionsValidator : IValidateOptions<OidcAttestorOptions>
{
    /// <summary>The largest <see cref="OidcIssuerOptions.MaxTokenLifetime"/> that may be configured.</summary>
    public static readonly TimeSpan HardMaxTokenLifetime = TimeSpan.FromHours(24);

    /// <summary>The largest <see cref="OidcIssuerOptions.ClockSkew"/> that may be configured.</summary>
    public static readonly TimeSpan HardMaxClockSkew = TimeSpan.FromSeconds(60);

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, OidcAttestorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            errors.Add("Audience is required: every subject token must be addressed to Bridge.");
        }

        if (options.MaxTokenSize is < 1 or > OidcAttestorOptions.HardMaxTokenSize)
        {
            errors.Add($"MaxTokenSize must be between 1 and {OidcAttestorOptions.HardMaxTokenSize}.");
        }

        if (options.Issuers is null || options.Issuers.Count == 0)
        {
            errors.Add("Issuers must list at least one trusted issuer.");
        }
        else
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            var issuers = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < options.Issuers.Count; i++)
            {
                var issuer = options.Issuers[i];
                var prefix = $"Issuers[{i}]";
                if (issuer is null)
                {
                    errors.Add($"{prefix} is null.");
                    continue;
                }

                if (!string.IsNullOrEmpty(issuer.Name) && !names.Add(issuer.Name))
                {
                    errors.Add($"{prefix}.Name '{issuer.Name}' is not unique.");
                }

                if (!string.IsNullOrEmpty(issuer.Issuer) && !issuers.Add(issuer.Issuer))
                {
                    errors.Add($"{prefix}.Issuer '{issuer.Issuer}' is not unique.");
                }

                ValidateIssuer(prefix, issuer, errors);
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateIssuer(string prefix, OidcIssuerOptions issuer, List<string> errors)
    {
        if (string.IsNullOrEmpty(issuer.Name) || !NamePattern().IsMatch(issuer.Name))
        {
            errors.Add($"{prefix}.Name must match [a-z0-9-]{{1,63}}.");
        }

        ValidateAddress($"{prefix}.Issuer", issuer.Issuer, issuer.AllowInsecureLoopbackHttp, required: true, errors);
        ValidateAddress($"{prefix}.MetadataAddress", issuer.MetadataAddress, issuer.AllowInsecureLoopbackHttp, required: false, errors);

        if (!Enum.IsDefined(issuer.Profile))
        {
            errors.Add($"{prefix}.Profile must be AwsSts, Eks or Generic.");
        }

        foreach (var alg in issuer.AllowedAlgorithms ?? [])
        {
            if (!OidcAlgorithms.IsSupported(alg))
            {
                errors.Add($"{prefix}.AllowedAlgorithms contains '{alg}'; only {string.Join(", ", OidcAlgorithms.Supported)} are allowed.");
            }
        }

        if (issuer.MaxTokenLifetime is { } lifetime && (lifetime <= TimeSpan.Zero || lifetime > HardMaxTokenLifetime))
        {
            errors.Add($"{prefix}.MaxTokenLifetime must be positive and at most {HardMaxTokenLifetime}.");
        }

        if (issuer.ClockSkew < TimeSpan.Zero || issuer.ClockSkew > HardMaxClockSkew)
        {
            errors.Add($"{prefix}.ClockSkew must be between 0 and {HardMaxClockSkew}.");
        }

        if (issuer.RefreshInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{prefix}.RefreshInterval must be at least 1 second.");
        }

        if (issuer.AutomaticRefreshInterval < TimeSpan.FromMinutes(1) || issuer.AutomaticRefreshInterval > TimeSpan.FromDays(1))
        {
            errors.Add($"{prefix}.AutomaticRefreshInterval must be between 1 minute and 1 day.");
        }

        ValidateSelectorClaims(prefix, issuer, errors);
        ValidateAllowedAccounts(prefix, issuer, errors);
        ValidateReplay(prefix, issuer, errors);
    }

    private static void ValidateReplay(string prefix, OidcIssuerOptions issuer, List<string> errors)
    {
        if (issuer.Replay is { } mode && !Enum.IsDefined(mode))
        {
            errors.Add($"{prefix}.Replay must be SingleUse or BoundedReuse.");
            return;
        }

        if (issuer.MaxUses is not { } maxUses)
        {
            return;
        }

        // MaxUses without bounded reuse would be silently ignored: refuse it, so a reader of the settings is not misled.
        if (OidcIssuer.ReplayModeFor(issuer) != OidcReplayMode.BoundedReuse)
        {
            errors.Add($"{prefix}.MaxUses applies only with Replay = BoundedReuse (the default of the Eks profile only).");
        }
        else if (maxUses is < OidcIssuerOptions.MinMaxUses or > OidcIssuerOptions.MaxMaxUses)
        {
            errors.Add($"{prefix}.MaxUses must be between {OidcIssuerOptions.MinMaxUses} and {OidcIssuerOptions.MaxMaxUses}.");
        }
    }

    private static void ValidateSelectorClaims(string prefix, OidcIssuerOptions issuer, List<string> errors)
    {
        var claims = issuer.SelectorClaims ?? [];
        if (claims.Count > 0 && issuer.Profile != OidcIssuerProfile.Generic)
        {
            errors.Add($"{prefix}.SelectorClaims applies only to the Generic profile.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in claims)
        {
            if (string.IsNullOrWhiteSpace(claim) || claim.Contains(':', StringComparison.Ordinal))
            {
                errors.Add($"{prefix}.SelectorClaims entries must be non-empty claim names without ':'.");
            }
            else if (!seen.Add(claim))
            {
                errors.Add($"{prefix}.SelectorClaims contains '{claim}' twice.");
            }
        }
    }

    private static void ValidateAllowedAccounts(string prefix, OidcIssuerOptions issuer, List<string> errors)
    {
        var accounts = issuer.AllowedAccounts ?? [];
        if (accounts.Count > 0 && issuer.Profile != OidcIssuerProfile.AwsSts)
        {
            errors.Add($"{prefix}.AllowedAccounts applies only to the AwsSts profile.");
        }

        foreach (var account in accounts)
        {
            if (!AwsArn.IsAccountId(account))
            {
                errors.Add($"{prefix}.AllowedAccounts entry '{account}' is not a 12-digit AWS account id.");
            }
        }
    }

    private static void ValidateAddress(string field, string? value, bool allowInsecureLoopback, bool required, List<string> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                errors.Add($"{field} is required.");
            }

            return;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            errors.Add($"{field} must be an absolute URI.");
            return;
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            errors.Add($"{field} must not contain a query, fragment or user info.");
        }

        if (!OidcAddressPolicy.IsAllowed(uri, allowInsecureLoopback))
        {
            errors.Add(allowInsecureLoopback
                ? $"{field} must use https, or http with a loopback host."
                : $"{field} must use https (plain http needs AllowInsecureLoopbackHttp and a loopback host).");
        }
    }

    [GeneratedRegex("^[a-z0-9-]{1,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
