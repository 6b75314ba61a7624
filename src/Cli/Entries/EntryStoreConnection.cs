using Amazon.DynamoDBv2;
using Bridge.Abstractions.Registration;
using Bridge.Authority;
using Bridge.Authority.Registration;
using Bridge.ExchangeFunction.Hosting;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Bridge.Cli.Entries;

/// <summary>
/// An open registration store plus the validator the service applies, built through the service's own backend
/// factories and option validation, so the CLI cannot write an entry the service would refuse at start.
/// </summary>
internal sealed class EntryStoreConnection : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private EntryStoreConnection(ServiceProvider services, IRegistrationStore store, RegistrationEntryValidator validator, string description)
    {
        _services = services;
        Store = store;
        Validator = validator;
        Description = description;
    }

    /// <summary>The store.</summary>
    public IRegistrationStore Store { get; }

    /// <summary>The service's entry rules for the configured trust domain.</summary>
    public RegistrationEntryValidator Validator { get; }

    /// <summary>Names the store for messages: the file path or the table.</summary>
    public string Description { get; }

    /// <summary>
    /// Resolves the settings against <paramref name="environment"/> and opens the store. Every configuration problem
    /// is returned at once; a File store whose file is invalid reports the file's errors.
    /// </summary>
    /// <param name="settings">The command-line values.</param>
    /// <param name="environment">The environment configuration (variables such as <c>Bridge__Backends__Registration</c>).</param>
    /// <param name="dynamoDbClient">A DynamoDB client to use instead of one built from the settings (tests).</param>
    /// <param name="cancellationToken">Cancels loading.</param>
    public static async Task<(EntryStoreConnection? Connection, IReadOnlyList<string> Errors)> OpenAsync(
        EntryStoreSettings settings, IConfiguration environment, IAmazonDynamoDB? dynamoDbClient, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(LocalDefaults)
            .AddConfiguration(environment)
            .AddInMemoryCollection(Overrides(settings))
            .Build();

        var backends = new BackendOptions();
        configuration.GetSection(BackendOptions.SectionName).Bind(backends);
        backends.Registration = NormalizeStoreName(backends.Registration);
        var errors = new List<string>();
        if (backends.Registration == BackendOptionsValidator.InMemory)
        {
            errors.Add("The InMemory entry store lives inside the service process; choose --store File or DynamoDb.");
        }

        var validation = new BackendOptionsValidator().Validate(null, backends);
        if (validation.Failed)
        {
            // Only the registration settings concern this command; keys and replay settings are the service's.
            errors.AddRange(validation.Failures.Where(f =>
                f.StartsWith(BackendOptions.SectionName + ":Registration", StringComparison.Ordinal)
                || f.StartsWith(BackendOptions.SectionName + ":DynamoDb", StringComparison.Ordinal)));
        }

        var trustDomainName = configuration[$"{AuthorityOptions.SectionName}:{nameof(AuthorityOptions.TrustDomain)}"];
        if (!TrustDomain.TryParse(trustDomainName, out var trustDomain, out var tdError))
        {
            errors.Add($"--trust-domain '{trustDomainName}' is not valid: {tdError}");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var authority = new AuthorityOptions();
        configuration.GetSection(AuthorityOptions.SectionName).Bind(authority);
        var validator = new RegistrationEntryValidator(new RegistrationEntryValidatorOptions
        {
            TrustDomain = trustDomain,
            MaxJwtSvidTtl = authority.MaxJwtSvidTtl,
        });

        var services = new ServiceCollection()
            .AddSingleton(Options.Create(backends))
            .AddSingleton(validator)
            .AddSingleton(TimeProvider.System)
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = Directory.GetCurrentDirectory() });
        // A given client stays its owner's to dispose; one built here is disposed with the connection.
        _ = dynamoDbClient is null
            ? services.AddSingleton(BackendFactories.CreateDynamoDbClient)
            : services.AddSingleton(dynamoDbClient);
        var provider = services.BuildServiceProvider();
        try
        {
            var store = await Task.Run(() => BackendFactories.CreateRegistrationStore(provider), cancellationToken).ConfigureAwait(false);
            var description = backends.Registration == BackendOptionsValidator.DynamoDb
                ? $"DynamoDB table {backends.DynamoDbTable}"
                : Path.GetFullPath(backends.RegistrationFile);
            return (new EntryStoreConnection(provider, store, validator, description), []);
        }
        catch (RegistrationEntryFileException exception)
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            return (null, [.. exception.Errors]);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _services.DisposeAsync();

    // The trust domain of the service's embedded local defaults (src/ExchangeFunction/appsettings.json).
    private static readonly Dictionary<string, string?> LocalDefaults = new(StringComparer.OrdinalIgnoreCase)
    {
        [$"{AuthorityOptions.SectionName}:{nameof(AuthorityOptions.TrustDomain)}"] = "example.org",
    };

    private static Dictionary<string, string?> Overrides(EntryStoreSettings settings)
    {
        var backends = BackendOptions.SectionName + ":";
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Add(values, backends + nameof(BackendOptions.Registration), settings.Store);
        Add(values, backends + nameof(BackendOptions.RegistrationFile), settings.File);
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
        new[] { BackendOptionsValidator.File, BackendOptionsValidator.DynamoDb, BackendOptionsValidator.InMemory }
            .FirstOrDefault(known => string.Equals(known, value, StringComparison.OrdinalIgnoreCase)) ?? value;
}
