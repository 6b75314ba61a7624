using System.Net;
using System.Net.Sockets;
using Bridge.Abstractions.Registration;
using Bridge.Cli.Dev;
using Bridge.ExchangeFunction.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.Cli.Demo;

/// <summary>
/// Runs the real exchange service in this process on a loopback port, with local backends (keys and entries in
/// memory) and one OIDC issuer: the local STS stand-in.
/// </summary>
internal sealed class DemoExchangeHost : IAsyncDisposable
{
    public const string TrustDomain = "example.org";
    public const string BridgeAudience = LocalStsIssuerSettings.DefaultAudience;
    public const string AttestorName = LocalStsIssuerSettings.AttestorName;

    private readonly WebApplication _app;

    private DemoExchangeHost(WebApplication app, string baseAddress, DemoAuditTrail audit)
    {
        _app = app;
        BaseAddress = baseAddress;
        Audit = audit;
    }

    /// <summary>The service URL, which is also its issuer URL.</summary>
    public string BaseAddress { get; }

    /// <summary>The service's audit events: why it refused what it refused.</summary>
    public DemoAuditTrail Audit { get; }

    /// <summary>The service's registration store, to register the demo workloads.</summary>
    public IRegistrationStore Registrations => _app.Services.GetRequiredService<IRegistrationStore>();

    public static async Task<DemoExchangeHost> StartAsync(string stsIssuer, bool verbose, CancellationToken cancellationToken)
    {
        // The issuer URL must be known before the service starts (it is in every JWT-SVID), so reserve a port first.
        var port = FreeLoopbackPort();
        var baseAddress = $"http://127.0.0.1:{port}";
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = baseAddress,
            ["Bridge:Authority:TrustDomain"] = TrustDomain,
            ["Bridge:Authority:Issuer"] = baseAddress,
            ["Bridge:Backends:Keys"] = "InMemory",
            ["Bridge:Backends:State"] = "InMemory",
            ["Bridge:Backends:Registration"] = "InMemory",
            ["Bridge:Backends:RootCertificateFile"] = string.Empty,
        };
        foreach (var (key, value) in LocalStsIssuerSettings.For(stsIssuer, BridgeAudience, DemoWorkload.Account))
        {
            settings[key] = value;
        }

        var audit = new DemoAuditTrail();
        var app = ExchangeApplication.Create([], builder =>
        {
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(audit);
            if (verbose)
            {
                builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information);
                builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
            }
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new DemoExchangeHost(app, baseAddress, audit);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
