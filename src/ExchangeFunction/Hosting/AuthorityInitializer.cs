using Bridge.Abstractions.Registration;
using Bridge.Authority;
using Bridge.Authority.Ca;
using Bridge.Authority.Hosting;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Rotation;
using Bridge.ExchangeFunction.Hosting.Startup;
using Bridge.LambdaHosting;
using Microsoft.Extensions.Options;

namespace Bridge.ExchangeFunction.Hosting;

/// <summary>
/// Loads the signing keys and the CA before the first request is answered, so a cold start pays for it once and a
/// misconfiguration stops the process instead of failing requests. Under Kestrel this happens once the server has
/// bound its addresses: a port already in use must stop the start before a first key or CA is minted. Under Lambda
/// there is no socket, and loading before the server polls keeps the work in Lambda's init phase. When the host stops it
/// waits (within the host's shutdown timeout) for a JWT key or CA rotation step running in the background to end.
/// </summary>
internal sealed partial class AuthorityInitializer(
    JwtSvidIssuer jwtIssuer,
    JwtKeyRing jwtKeyRing,
    X509CertificateAuthority ca,
    IRegistrationStore registrations,
    BackendCatalog backends,
    IOptions<AuthorityOptions> authority,
    IOptions<LambdaHostingOptions> lambda,
    ILogger<AuthorityInitializer> logger) : IHostedLifecycleService
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once keys and CA are loaded.</summary>
    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Completes when keys and CA are loaded; faults when loading failed.</summary>
    public Task WhenReady => _ready.Task;

    /// <summary>False under Lambda: the server takes invocations from the Runtime API and binds nothing.</summary>
    public bool ListensOnSockets => string.IsNullOrEmpty(lambda.Value.RuntimeApi);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolving the store loads and validates a file backend now (nothing is written), so a bad entries file stops
        // the start before the server binds.
        await LogLocationsAsync(cancellationToken);
        if (!ListensOnSockets)
        {
            await InitializeAsync(cancellationToken);
        }
    }

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        if (ListensOnSockets)
        {
            await InitializeAsync(cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A step cut short leaves its pending claim for other instances to wait out (PendingTimeout); let it end.
        try
        {
            await Task.WhenAll(jwtKeyRing.WhenIdleAsync(cancellationToken), ca.WhenIdleAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The shutdown timeout ran out first: the claim expires on its own.
        }
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await jwtIssuer.InitializeAsync(cancellationToken);
            await ca.InitializeAsync(cancellationToken);
            CheckStateTrustDomain();
            _ready.TrySetResult();
            LogReady(logger);
        }
        catch (Exception exception)
        {
            // Requests held until ready (ExchangeApplication) end with this fault; the start fails with it too.
            _ready.TrySetException(exception);
            throw;
        }
    }

    // A CA minted for another trust domain would sign SVIDs that no relying party of the configured one accepts (and
    // the reverse): a changed TrustDomain over existing state is refused, not silently served.
    private void CheckStateTrustDomain()
    {
        var configured = authority.Value.TrustDomain;
        var minted = ca.Intermediates.Concat(ca.TrustAnchors).Select(StateTrustDomain.Of).FirstOrDefault(td => td is not null);
        if (minted is not null && !string.Equals(minted, configured, StringComparison.Ordinal))
        {
            throw new StartupFailedException(
                $"{AuthorityOptions.SectionName}:TrustDomain: is '{configured}', but the CA in {backends.Location(BackendSeams.State)} was minted for " +
                $"'{minted}'. Use a new state location for a new trust domain (Bridge:Backends:StateDirectory, KeysDirectory or DynamoDbTable), or set TrustDomain back.");
        }
    }

    private async Task LogLocationsAsync(CancellationToken cancellationToken)
    {
        LogKeys(logger, backends.Location(BackendSeams.Keys));
        LogState(logger, backends.Location(BackendSeams.State));
        LogUpstream(logger, backends.Location(BackendSeams.Upstream));
        LogNodes(logger, backends.Location(BackendSeams.Nodes));

        var entries = backends.Location(BackendSeams.Registration);
        if (backends.Chosen(BackendSeams.Registration) is { CheapToList: false })
        {
            // Counting would read the whole table on every cold start; the entry index is loaded on first use.
            LogEntriesInTable(logger, entries);
            return;
        }

        LogEntries(logger, entries, await CountAsync(registrations, cancellationToken));
    }

    private static async Task<int> CountAsync(IRegistrationStore store, CancellationToken cancellationToken)
    {
        var count = 0;
        string? token = null;
        do
        {
            var page = await store.ListAsync(token, 1000, cancellationToken);
            count += page.Entries.Count;
            token = page.NextPageToken;
        }
        while (token is not null);
        return count;
    }

    [LoggerMessage(5000, LogLevel.Information, "Authority ready: JWT signing key and X.509 CA loaded")]
    private static partial void LogReady(ILogger logger);

    [LoggerMessage(5020, LogLevel.Information, "Signing keys: {Location}")]
    private static partial void LogKeys(ILogger logger, string location);

    [LoggerMessage(5021, LogLevel.Information, "Rotation state (JWT key and CA slots, self-signed root): {Location}")]
    private static partial void LogState(ILogger logger, string location);

    [LoggerMessage(5022, LogLevel.Information, "Registration entries: {Count} in {Location}")]
    private static partial void LogEntries(ILogger logger, string location, int count);

    [LoggerMessage(5023, LogLevel.Information, "Registration entries: {Location}, indexed on first use")]
    private static partial void LogEntriesInTable(ILogger logger, string location);

    [LoggerMessage(5024, LogLevel.Information, "Upstream authority: {Location}")]
    private static partial void LogUpstream(ILogger logger, string location);

    [LoggerMessage(5025, LogLevel.Information, "Attested-node records: {Location}")]
    private static partial void LogNodes(ILogger logger, string location);
}
