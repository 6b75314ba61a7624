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
/// The service's composition as a store command sees it: the service's local defaults, then the environment, then the
/// command-line values, composed and checked as the service composes them (<c>AddBridgeAuthority</c>), so a command
/// acts on the store the service uses and refuses settings the service would refuse.
/// </summary>
internal static class StoreConfiguration
{
    // The trust domain of the service's embedded local defaults (src/ExchangeFunction/appsettings.json).
    private static readonly Dictionary<string, string?> LocalDefaults = new(StringComparer.OrdinalIgnoreCase)
    {
        [$"{AuthorityOptions.SectionName}:{nameof(AuthorityOptions.TrustDomain)}"] = "example.org",
    };

    private const string SelfSignedUpstream = Bridge.Authority.Ca.SelfSignedUpstreamAuthority.BackendName;

    /// <summary>
    /// Composes the service over the settings once and checks them: the built services (the caller owns them) and the
    /// configured trust domain, or every error that concerns <paramref name="seam"/> at once. A given DynamoDB client
    /// stays its owner's to dispose; one built here is disposed with the services.
    /// </summary>
    /// <param name="settings">The command-line values.</param>
    /// <param name="environment">The environment configuration the settings fall back to.</param>
    /// <param name="seam">The store the command works on.</param>
    /// <param name="dynamoDbClient">A DynamoDB client to use instead of one built from the settings (tests).</param>
    /// <param name="time">The clock the store is given.</param>
    /// <param name="configure">Registers what the command adds over the service's composition, from the settings.</param>
    public static (ServiceProvider? Services, TrustDomain TrustDomain, List<string> Errors) Compose(
        StoreSettings settings,
        IConfiguration environment,
        StoreSeam seam,
        IAmazonDynamoDB? dynamoDbClient,
        TimeProvider time,
        Action<IServiceCollection, IConfiguration>? configure = null)
    {
        var given = new ConfigurationBuilder()
            .AddInMemoryCollection(LocalDefaults)
            .AddConfiguration(environment)
            .AddInMemoryCollection(Overrides(settings, seam))
            .Build();
        var chosen = NormalizeStoreName(
            given[$"{BackendOptions.SectionName}:{seam.StoreKey}"] ?? (seam.StoreKey == BackendSeams.Nodes ? new BackendOptions().Nodes : new BackendOptions().Registration));

        // Only this store concerns the command: every other seam is set to a backend that needs no settings, so the
        // service's other choices (a KMS key, an upstream CA) neither block the command nor get built.
        var configuration = new ConfigurationBuilder()
            .AddConfiguration(given)
            .AddInMemoryCollection(Unconcerned(seam.StoreKey, chosen))
            .Build();

        var errors = new List<string>();
        if (chosen == LocalBackends.InMemory)
        {
            errors.Add($"The InMemory {seam.Description} lives inside the service process; choose --store File or DynamoDb.");
        }

        var trustDomainName = configuration[$"{AuthorityOptions.SectionName}:{nameof(AuthorityOptions.TrustDomain)}"];
        if (!TrustDomain.TryParse(trustDomainName, out var trustDomain, out var tdError))
        {
            errors.Add($"--trust-domain '{trustDomainName}' is not valid: {tdError}");
        }

        var services = new ServiceCollection().AddSingleton(time);
        if (dynamoDbClient is not null)
        {
            // Registered first: the AWS backends only add a client when none is.
            services.AddSingleton(dynamoDbClient);
        }

        services.AddLogging().AddBridgeAuthority(configuration);
        configure?.Invoke(services, configuration);
        var provider = services.BuildServiceProvider();
        try
        {
            _ = provider.GetRequiredService<IOptions<BackendOptions>>().Value;
        }
        catch (OptionsValidationException exception)
        {
            // Only this store's settings concern the command; the others are the service's.
            string[] concerned = [seam.StoreKey, seam.FileKey, .. seam.RelatedKeys, "DynamoDb"];
            errors.AddRange(exception.Failures.Where(f => concerned.Any(key =>
                f.StartsWith($"{BackendOptions.SectionName}:{key}", StringComparison.Ordinal))));
        }

        if (errors.Count > 0)
        {
            provider.Dispose();
            return (null, trustDomain, errors);
        }

        return (provider, trustDomain, errors);
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

    private static Dictionary<string, string?> Overrides(StoreSettings settings, StoreSeam seam)
    {
        var backends = BackendOptions.SectionName + ":";
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Add(values, backends + seam.StoreKey, settings.Store);
        Add(values, backends + seam.FileKey, settings.File);
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
