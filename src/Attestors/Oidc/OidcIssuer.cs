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

    public OidcIssuerConfigurationManager Configuration { get; }

    public static string MetadataAddressFor(OidcIssuerOptions options) =>
        string.IsNullOrEmpty(options.MetadataAddress)
            ? options.Issuer.TrimEnd('/') + DiscoverySuffix
            : options.MetadataAddress;

    public static TimeSpan DefaultMaxTokenLifetime(OidcIssuerProfile profile) =>
        profile == OidcIssuerProfile.Eks ? TimeSpan.FromHours(24) : TimeSpan.FromHours(1);

    public void Dispose() => Configuration.Dispose();
}
