using Amazon.DynamoDBv2;
using Bridge.Abstractions.Registration;
using Bridge.Authority;
using Bridge.Authority.Hosting;
using Bridge.Authority.Registration;
using Bridge.Cli.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Cli.Entries;

/// <summary>
/// An open registration store plus the validator the service applies, built through the service's own composition and
/// option validation, so the CLI cannot write an entry the service would refuse at start.
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
        StoreSettings settings, IConfiguration environment, IAmazonDynamoDB? dynamoDbClient, CancellationToken cancellationToken)
    {
        var (provider, _, errors) = StoreConfiguration.Compose(
            settings,
            environment,
            StoreSeam.Registration,
            dynamoDbClient,
            TimeProvider.System,
            (services, configuration) => services.AddSingleton(_ =>
            {
                // The service's rules without the rest of its Authority settings (no issuer is needed to edit entries).
                var authority = new AuthorityOptions();
                configuration.GetSection(AuthorityOptions.SectionName).Bind(authority);
                return RegistrationEntryValidator.For(authority);
            }));
        if (provider is null)
        {
            return (null, errors);
        }

        try
        {
            var validator = provider.GetRequiredService<RegistrationEntryValidator>();
            var store = await Task.Run(provider.GetRequiredService<IRegistrationStore>, cancellationToken).ConfigureAwait(false);
            var description = provider.GetRequiredService<BackendCatalog>().Location(BackendSeams.Registration);
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
}
