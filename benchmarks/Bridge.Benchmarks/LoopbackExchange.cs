extern alias exchange;

using System.Net;
using System.Net.Sockets;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using exchange::Bridge.ExchangeFunction.Hosting;
using Bridge.Spiffe.Id;
using Bridge.Testing.Aws.Sts;
using Bridge.Testing.Oidc;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Bridge.Authority.Local.Hosting;

namespace Bridge.Benchmarks;

/// <summary>
/// The real exchange service (<see cref="ExchangeApplication"/>) on a loopback port with in-memory backends, trusting a
/// <see cref="FakeStsServer"/> on another loopback port as its STS issuer (discovery and JWKS fetched over HTTP, as in
/// AWS). Subject tokens are minted locally with the fake STS's key, so only Bridge's work is on the measured path.
/// </summary>
internal sealed class LoopbackExchange : IAsyncDisposable
{
    public const string Account = "111122223333";
    private const string TrustDomainName = "example.org";
    private const string Audience = "bridge";
    private const string AttestorName = "aws-sts";

    private readonly WebApplication _app;
    private readonly FakeStsServer _sts;
    private readonly OidcTokenFactory _tokens;

    private LoopbackExchange(WebApplication app, FakeStsServer sts, Uri baseAddress)
    {
        _app = app;
        _sts = sts;
        BaseAddress = baseAddress;
        _tokens = new OidcTokenFactory(sts.Issuer, Audience, sts.RsaKey, TimeProvider.System);
    }

    public Uri BaseAddress { get; }

    public static async Task<LoopbackExchange> StartAsync()
    {
        var sts = await FakeStsServer.StartAsync();
        var port = FreeLoopbackPort();
        var baseAddress = $"http://127.0.0.1:{port}";
        var settings = new Dictionary<string, string?>(LocalBackends.InMemorySettings)
        {
            ["Urls"] = baseAddress,
            ["Bridge:Authority:TrustDomain"] = TrustDomainName,
            ["Bridge:Authority:Issuer"] = baseAddress,
            ["Bridge:Attestors:Oidc:Audience"] = Audience,
            ["Bridge:Attestors:Oidc:Issuers:0:Name"] = AttestorName,
            ["Bridge:Attestors:Oidc:Issuers:0:Issuer"] = sts.Issuer,
            ["Bridge:Attestors:Oidc:Issuers:0:Profile"] = "AwsSts",
            ["Bridge:Attestors:Oidc:Issuers:0:AllowInsecureLoopbackHttp"] = "true",
        };
        var app = ExchangeApplication.Create([], builder =>
        {
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
        });
        await app.StartAsync();
        return new LoopbackExchange(app, sts, new Uri(baseAddress + "/"));
    }

    /// <summary>Registers the entry for <paramref name="role"/> in <see cref="Account"/>.</summary>
    public async Task RegisterAsync(string role, IReadOnlyList<string> audiences)
    {
        var result = await _app.Services.GetRequiredService<IRegistrationStore>().CreateAsync(new RegistrationEntry
        {
            Id = role,
            SpiffeId = $"spiffe://{TrustDomainName}/aws/{Account}/role/{role}",
            ParentId = BridgeIds.AttestorParent(TrustDomain.Parse(TrustDomainName), AttestorName),
            Selectors = [new Selector("aws", "account:" + Account), new Selector("aws", "role:" + role)],
            Audiences = [.. audiences],
        }, CancellationToken.None);
        if (result.Status != RegistrationWriteStatus.Succeeded)
        {
            throw new InvalidOperationException("Could not register " + role + ": " + result.Status);
        }
    }

    /// <summary>A fresh STS-shaped token for <paramref name="role"/> (each one is accepted once).</summary>
    public string MintToken(string role) => _tokens.Create(_tokens.StsClaims(Account, "role/" + role));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _sts.DisposeAsync();
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
