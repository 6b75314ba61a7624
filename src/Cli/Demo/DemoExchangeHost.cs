using System.Net;
using System.Net.Sockets;
using Bridge.Abstractions.Registration;
using Bridge.Attestors.AwsIid;
using Bridge.Authority.Local.Hosting;
using Bridge.Cli.Dev;
using Bridge.ExchangeFunction.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.Cli.Demo;

/// <summary>
/// Runs the real exchange service in this process on a loopback port, with local backends (keys, entries and node
/// records in memory), one OIDC issuer (the local STS stand-in) and the <c>aws_iid</c> node attestor trusting the
/// instance identity signer it is handed in code (the local IMDS stand-in's): no setting can make a service trust it.
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

    /// <param name="stsIssuer">The OIDC issuer of the STS stand-in.</param>
    /// <param name="iidCertificates">The Region certificates instance identity documents are verified with; null: no agents.</param>
    /// <param name="iidAccount">The one AWS account whose instances may attest.</param>
    /// <param name="verbose">Show the service's log.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    public static async Task<DemoExchangeHost> StartAsync(
        string stsIssuer, bool verbose, CancellationToken cancellationToken, AwsIidCertificateTable? iidCertificates = null, string? iidAccount = null)
    {
        // The issuer URL must be known before the service starts (it is in every JWT-SVID), so reserve a port first.
        var port = FreeLoopbackPort();
        var baseAddress = $"http://127.0.0.1:{port}";
        var settings = new Dictionary<string, string?>(LocalBackends.InMemorySettings)
        {
            ["Urls"] = baseAddress,
            ["Bridge:Authority:TrustDomain"] = TrustDomain,
            ["Bridge:Authority:Issuer"] = baseAddress,
        };
        if (iidCertificates is not null)
        {
            settings["Bridge:NodeAttestors:AwsIid:Enabled"] = "true";
            settings["Bridge:NodeAttestors:AwsIid:AllowedAccounts:0"] = iidAccount ?? throw new ArgumentNullException(nameof(iidAccount));
        }
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

            if (iidCertificates is not null)
            {
                // Registered before the exchange's own (TryAdd) registration, so this table replaces AWS's.
                builder.Services.AddSingleton(iidCertificates);
            }
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
