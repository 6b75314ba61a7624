using Amazon.DynamoDBv2;
using Bridge.Authority;
using Bridge.Authority.Aws.Hosting;
using Bridge.Authority.Hosting;
using Bridge.Authority.Local.Hosting;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.Cli.Stores;

/// <summary>
/// The service's configuration as a store command sees it: the service's local defaults, then the environment, then
/// the command-line values, composed and checked as the service composes them (<c>AddBridgeAuthority</c>), so a command
/// acts on the store the service uses and refuses settings the service would refuse.
/// </summary>
internal sealed class StoreConfiguration
{
    // The trust domain of the service's embedded local defaults (src/ExchangeFunction/appsettings.json).
    private static readonly Dictionary<string, string?> LocalDefaults = new(StringComparer.OrdinalIgnoreCase)
    {
        [$"{AuthorityOptions.SectionName}:{nameof(AuthorityOptions.TrustDomain)}"] = "example.org",
    };

    private const string SelfSignedUpstream = Bridge.Authority.Ca.SelfSignedUpstreamAuthority.BackendName;

    private StoreConfiguration(IConfiguration configuration, BackendOptions backends, TrustDomain trustDomain)
    {
        Configuration = configuration;
        Backends = backends;
        TrustDomain = trustDomain;
    }

    /// <summary>Everything the command was configured with.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>The bound backend choices, with the store name normalised.</summary>
    public BackendOptions Backends { get; }

    /// <summary>The configured trust domain.</summary>
    public TrustDomain TrustDomain { get; }

    /// <summary>
    /// Builds the configuration. <paramref name="storeKey"/> (<c>Registration</c> or <c>Nodes</c>) and
    /// <paramref name="fileKey"/> name the <see cref="BackendOptions"/> properties <c>--store</c> and <c>--file</c> set;
    /// the validator's messages about them, about <paramref name="relatedKeys"/> and about DynamoDB are every error
    /// returned at once.
    /// </summary>
    public static (StoreConfiguration? Configuration, List<string> Errors) Build(
        StoreSettings settings, IConfiguration environment, string storeDescription, string storeKey, string fileKey, params string[] relatedKeys)
    {
        var given = new ConfigurationBuilder()
            .AddInMemoryCollection(LocalDefaults)
            .AddConfiguration(environment)
            .AddInMemoryCollection(Overrides(settings, storeKey, fileKey))
            .Build();
        var chosen = NormalizeStoreName(given[$"{BackendOptions.SectionName}:{storeKey}"] ?? (storeKey == BackendSeams.Nodes ? new BackendOptions().Nodes : new BackendOptions().Registration));

        // Only this store concerns the command: every other seam is set to a backend that needs no settings, so the
        // service's other choices (a KMS key, an upstream CA) neither block the command nor get built.
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(given)
            .AddInMemoryCollection(Unconcerned(storeKey, chosen))
            .Build();

        var errors = new List<string>();
        if (chosen == LocalBackends.InMemory)
        {
            errors.Add($"The InMemory {storeDescription} lives inside the service process; choose --store File or DynamoDb.");
        }

        using (var services = Compose(new ServiceCollection(), configuration).BuildServiceProvider())
        {
            try
            {
                _ = services.GetRequiredService<IOptions<BackendOptions>>().Value;
            }
            catch (OptionsValidationException exception)
            {
                // Only this store's settings concern the command; the others are the service's.
                string[] concerned = [storeKey, fileKey, .. relatedKeys, "DynamoDb"];
                errors.AddRange(exception.Failures.Where(f => concerned.Any(key =>
                    f.StartsWith($"{BackendOptions.SectionName}:{key}", StringComparison.Ordinal))));
            }
        }

        var backends = new BackendOptions();
        configuration.GetSection(BackendOptions.SectionName).Bind(backends);

        var trustDomainName = configuration[$"{AuthorityOptions.SectionName}:{nameof(AuthorityOptions.TrustDomain)}"];
        if (!TrustDomain.TryParse(trustDomainName, out var trustDomain, out var tdError))
        {
            errors.Add($"--trust-domain '{trustDomainName}' is not valid: {tdError}");
        }

        return errors.Count > 0 ? (null, errors) : (new StoreConfiguration(configuration, backends, trustDomain), errors);
    }

    /// <summary>
    /// The service's composition over this configuration. A given DynamoDB client stays its owner's to dispose; one built
    /// here is disposed with the provider.
    /// </summary>
    public IServiceCollection CreateServices(IAmazonDynamoDB? dynamoDbClient, TimeProvider timeProvider)
    {
        var services = new ServiceCollection().AddSingleton(timeProvider);
        if (dynamoDbClient is not null)
        {
            // Registered first: the AWS backends only add a client when none is.
            services.AddSingleton(dynamoDbClient);
        }

        return Compose(services, Configuration);
    }

    private static IServiceCollection Compose(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration).AddLogging().AddBridgeAuthority(configuration);
        return services;
    }

    // Every seam but the command's store (and the node expiry, which the Nodes store reads) set to a local backend.
    private static Dictionary<string, string?> Unconcerned(string storeKey, string chosen)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [$"{BackendOptions.SectionName}:{BackendSeams.Keys}"] = LocalBackends.InMemory,
            [$"{BackendOptions.SectionName}:{BackendSeams.State}"] = LocalBackends.InMemory,
            [$"{BackendOptions.SectionName}:{BackendSeams.Replay}"] = LocalBackends.InMemory,
            [$"{BackendOptions.SectionName}:{BackendSeams.Upstream}"] = SelfSignedUpstream,
            [$"{BackendOptions.SectionName}:{BackendSeams.Registration}"] = LocalBackends.InMemory,
            [$"{BackendOptions.SectionName}:{BackendSeams.Nodes}"] = LocalBackends.InMemory,
        };
        values[$"{BackendOptions.SectionName}:{storeKey}"] = chosen;
        return values;
    }

    private static Dictionary<string, string?> Overrides(StoreSettings settings, string storeKey, string fileKey)
    {
        var backends = BackendOptions.SectionName + ":";
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Add(values, backends + storeKey, settings.Store);
        Add(values, backends + fileKey, settings.File);
        Add(values, backends + nameof(BackendOptions.DynamoDbTable), settings.Table);
        Add(values, backends + nameof(BackendOptions.DynamoDbRegion), settings.Region);
        Add(values, backends + nameof(BackendOptions.DynamoDbServiceUrl), settings.EndpointUrl);
        Add(values, $"{AuthorityOptions.SectionName}:{nameof(AuthorityOptions.TrustDomain)}", settings.TrustDomain);
        return values;

        static void Add(Dictionary<string, string?> values, string key, string? value)
        {
            if (value is not null)
            {
                values[key] = value;
            }
        }
    }

    // The service's option values are case-sensitive ("DynamoDb"); a person typing --store dynamodb means the same.
    private static string NormalizeStoreName(string value) =>
        new[] { LocalBackends.File, AwsBackends.DynamoDb, LocalBackends.InMemory }
            .FirstOrDefault(known => string.Equals(known, value, StringComparison.OrdinalIgnoreCase)) ?? value;
}
