using Bridge.Spiffe.Id;
using Microsoft.Extensions.Options;

namespace Bridge.Authority;

/// <summary>Checks <see cref="AuthorityOptions"/> at start and reports every problem at once.</summary>
public sealed class AuthorityOptionsValidator : IValidateOptions<AuthorityOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, AuthorityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var prefix = AuthorityOptions.SectionName + ":";

        if (!TrustDomain.TryParse(options.TrustDomain, out _, out var tdError) || options.TrustDomain.Contains(':', StringComparison.Ordinal))
        {
            errors.Add($"{prefix}TrustDomain: '{options.TrustDomain}' is not a trust domain name ({tdError ?? "give the bare name, e.g. example.org"}).");
        }

        if (!IsAcceptableIssuer(options.Issuer, out var issuerError))
        {
            errors.Add($"{prefix}Issuer: {issuerError}");
        }

        RequirePositive(errors, prefix + "DefaultX509SvidTtl", options.DefaultX509SvidTtl);
        RequirePositive(errors, prefix + "DefaultJwtSvidTtl", options.DefaultJwtSvidTtl);
        RequirePositive(errors, prefix + "MaxJwtSvidTtl", options.MaxJwtSvidTtl);
        RequirePositive(errors, prefix + "CaTtl", options.CaTtl);
        RequirePositive(errors, prefix + "BundleRefreshHint", options.BundleRefreshHint);
        RequirePositive(errors, prefix + "StateRefreshInterval", options.StateRefreshInterval);
        RequirePositive(errors, prefix + "StateMaxStaleness", options.StateMaxStaleness);
        RequirePositive(errors, prefix + "CaPendingTimeout", options.CaPendingTimeout);
        if (options.StateMaxStaleness < options.StateRefreshInterval)
        {
            errors.Add($"{prefix}StateMaxStaleness: must be at least StateRefreshInterval ({options.StateRefreshInterval}).");
        }
        if (options.DefaultJwtSvidTtl > options.MaxJwtSvidTtl)
        {
            errors.Add($"{prefix}DefaultJwtSvidTtl: must not exceed MaxJwtSvidTtl ({options.MaxJwtSvidTtl}).");
        }

        // SPIRE's rule: an SVID lives at most a sixth of its CA, so the CA can rotate before SVIDs reach its end.
        if (options.DefaultX509SvidTtl * 6 > options.CaTtl)
        {
            errors.Add($"{prefix}DefaultX509SvidTtl: must be at most CaTtl / 6 ({options.CaTtl / 6}).");
        }

        if (!Enum.IsDefined(options.JwtKeyType))
        {
            errors.Add($"{prefix}JwtKeyType: unknown key type.");
        }

        if (!Enum.IsDefined(options.CaKeyType))
        {
            errors.Add($"{prefix}CaKeyType: unknown key type.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>AWS IAM accepts only https issuers without query, fragment or port; plain http is for loopback only.</summary>
    internal static bool IsAcceptableIssuer(string issuer, out string error)
    {
        error = string.Empty;
        if (!Uri.TryCreate(issuer, UriKind.Absolute, out var uri))
        {
            error = $"'{issuer}' is not an absolute URL.";
            return false;
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            error = "must not have a query, fragment or user info.";
            return false;
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return true;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)
        {
            return true;
        }

        error = "must be an https URL (plain http only for loopback hosts in local development).";
        return false;
    }

    private static void RequirePositive(List<string> errors, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{name}: must be positive.");
        }
    }
}
