using Bridge.Abstractions.Registration;
using Bridge.Authority.Ca;
using Bridge.Authority.Issuance.Jwt;

namespace Bridge.ExchangeFunction.Hosting;

/// <summary>
/// Loads the signing keys and the CA before the first request, so a cold start pays for it once, during init, and a
/// misconfiguration stops the process instead of failing requests.
/// </summary>
internal sealed partial class AuthorityInitializer(
    JwtSvidIssuer jwtIssuer, X509CertificateAuthority ca, IRegistrationStore registrations, ILogger<AuthorityInitializer> logger) : IHostedService
{
    private volatile bool _ready;

    /// <summary>True once keys and CA are loaded.</summary>
    public bool IsReady => _ready;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Resolving the store loads and validates a file backend now, so a bad entries file stops the start.
        GC.KeepAlive(registrations);
        await jwtIssuer.InitializeAsync(cancellationToken);
        await ca.InitializeAsync(cancellationToken);
        _ready = true;
        LogReady(logger);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(5000, LogLevel.Information, "Authority ready: JWT signing key and X.509 CA loaded")]
    private static partial void LogReady(ILogger logger);
}
