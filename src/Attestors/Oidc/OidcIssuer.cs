using Bridge.Abstractions.Replay;

namespace Bridge.Attestors.Oidc;

/// <summary>One configured issuer with its defaults resolved and its own metadata/key cache.</summary>
internal sealed class OidcIssuer : IDisposable
{
    public const string DiscoverySuffix = "/.well-known/openid-configuration";

    public OidcIssuer(OidcIssuerOptions options, OidcIssuerConfigurationManager configuration)
    {
        Name = options.Name;
        Issuer = options.Issuer;
        Profile = options.Profile;
        AllowedAlgorithms = options.AllowedAlgorithms is { Count: > 0 } algs ? [.. algs.Distinct(StringComparer.Ordinal)] : [.. OidcAlgorithms.Defaults];
        MaxTokenLifetime = options.MaxTokenLifetime ?? DefaultMaxTokenLifetime(options.Profile);
        ClockSkew = options.ClockSkew;
        SelectorClaims = [.. options.SelectorClaims ?? []];
        AllowedAccounts = new HashSet<string>(options.AllowedAccounts ?? [], StringComparer.Ordinal);
        ReplayPolicy = ReplayModeFor(options) == OidcReplayMode.BoundedReuse
            ? ReplayPolicy.BoundedReuse(options.MaxUses ?? OidcIssuerOptions.DefaultMaxUses)
            : ReplayPolicy.SingleUse;
        Configuration = configuration;
    }

    public string Name { get; }

    public string Issuer { get; }

    public OidcIssuerProfile Profile { get; }

    public string[] AllowedAlgorithms { get; }

    public TimeSpan MaxTokenLifetime { get; }

    public TimeSpan ClockSkew { get; }

    public IReadOnlyList<string> SelectorClaims { get; }

    public IReadOnlySet<string> AllowedAccounts { get; }

    public ReplayPolicy ReplayPolicy { get; }

    public OidcIssuerConfigurationManager Configuration { get; }

    public static string MetadataAddressFor(OidcIssuerOptions options) =>
        string.IsNullOrEmpty(options.MetadataAddress)
            ? options.Issuer.TrimEnd('/') + DiscoverySuffix
            : options.MetadataAddress;

    public static TimeSpan DefaultMaxTokenLifetime(OidcIssuerProfile profile) =>
        profile == OidcIssuerProfile.Eks ? TimeSpan.FromHours(24) : TimeSpan.FromHours(1);

    /// <summary>The configured replay mode, or the profile's default: bounded reuse for EKS, single use otherwise.</summary>
    public static OidcReplayMode ReplayModeFor(OidcIssuerOptions options) =>
        options.Replay ?? (options.Profile == OidcIssuerProfile.Eks ? OidcReplayMode.BoundedReuse : OidcReplayMode.SingleUse);

    public void Dispose() => Configuration.Dispose();
}
