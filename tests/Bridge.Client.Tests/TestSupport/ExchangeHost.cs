using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Attestors.Oidc;
using Bridge.Authority.Local.Hosting;
using Bridge.Client.DependencyInjection;
using Bridge.Client.Evidence;
using Bridge.Client.Exchange;
using Bridge.Spiffe.Id;
using Bridge.Testing.Oidc;
using Bridge.Testing.Time;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Client.Tests.TestSupport;

/// <summary>
/// The real exchange service (Program's composition) on the test server with in-memory backends, an STS-shaped issuer
/// served by <see cref="FakeOidcIssuer"/> and a fake clock; plus clients that reach it through a fault-injecting handler.
/// </summary>
public sealed class ExchangeHost : WebApplicationFactory<Program>
{
    public const string TrustDomainName = "example.org";
    public const string BridgeAudience = "bridge";
    public const string StsIssuer = "https://sts.fake.example.com/account";
    public const string Account = "123456789012";
    private const string AttestorName = "aws-sts";

    public ExchangeHost()
    {
        StsKey = OidcTestKey.CreateRsa("sts-key-1");
        Issuer = Oidc.AddIssuer(StsIssuer, StsKey);
        Tokens = new OidcTokenFactory(StsIssuer, BridgeAudience, StsKey, Time);
    }

    public static TrustDomain TrustDomain { get; } = TrustDomain.Parse(TrustDomainName);

    /// <summary>The service's clock (and the clients'); starts at the real time so X.509 chains validate at the wall clock.</summary>
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    public FakeOidcIssuer Oidc { get; } = new();

    public FakeOidcIssuer.Endpoint Issuer { get; }

    public OidcTestKey StsKey { get; }

    public OidcTokenFactory Tokens { get; }

    public static SpiffeId RoleId(string role) => SpiffeId.Parse($"spiffe://{TrustDomainName}/aws/{Account}/role/{role}");

    /// <summary>Registers an entry for <paramref name="role"/> and returns its SPIFFE ID.</summary>
    public async Task<SpiffeId> RegisterAsync(string role, string? spiffePath = null, IReadOnlyList<string>? audiences = null)
    {
        var entry = new RegistrationEntry
        {
            Id = Guid.NewGuid().ToString("N"),
            SpiffeId = $"spiffe://{TrustDomainName}/{spiffePath ?? "aws/" + Account + "/role/" + role}",
            ParentId = BridgeIds.AttestorParent(TrustDomain, AttestorName),
            Selectors = [new Selector("aws", "account:" + Account), new Selector("aws", "role:" + role)],
            Audiences = audiences ?? ["ledger"],
        };
        var result = await Services.GetRequiredService<IRegistrationStore>().CreateAsync(entry, CancellationToken.None);
        Assert.Equal(RegistrationWriteStatus.Succeeded, result.Status);
        return SpiffeId.Parse(entry.SpiffeId);
    }

    /// <summary>A provider minting a fresh STS token for <paramref name="role"/> per call.</summary>
    public StaticSubjectTokenProvider TokensFor(string role) =>
        new(() => Tokens.Create(Tokens.StsClaims(Account, "role/" + role)));

    /// <summary>A client of this service through a new <see cref="FaultInjectingHandler"/>; backoffs are recorded, not slept.</summary>
    public TestClient CreateExchangeClient(ISubjectTokenProvider tokens, Action<BridgeClientOptions>? configure = null)
    {
        var handler = new FaultInjectingHandler(Server.CreateHandler());
        var options = new BridgeClientOptions { BaseAddress = new Uri("http://localhost/"), SubjectTokenProvider = tokens };
        configure?.Invoke(options);
        var delays = new List<TimeSpan>();
        var clock = new DelayInterceptingTimeProvider(Time)
        {
            OnDelay = delay =>
            {
                lock (delays)
                {
                    delays.Add(delay);
                }

                return true;
            },
        };
        var client = new BridgeExchangeClient(new HttpClient(handler), tokens, Options.Create(options), clock);
        return new TestClient(client, handler, delays, clock);
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(Settings()));
        return base.CreateHost(builder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.ConfigureAppConfiguration((_, configuration) =>
        {
            configuration.Sources.Clear();
            configuration.AddInMemoryCollection(Settings());
        });
        builder.ConfigureLogging(logging => logging.ClearProviders());
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddHttpClient(OidcJwtAttestor.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Oidc);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            StsKey.Dispose();
            Oidc.Dispose();
        }
    }

    private static Dictionary<string, string?> Settings() => new(LocalBackends.InMemorySettings, StringComparer.OrdinalIgnoreCase)
    {
        ["Bridge:Authority:TrustDomain"] = TrustDomainName,
        ["Bridge:Authority:Issuer"] = "https://bridge.example.org",
        ["Bridge:Attestors:Oidc:Audience"] = BridgeAudience,
        ["Bridge:Attestors:Oidc:Issuers:0:Name"] = AttestorName,
        ["Bridge:Attestors:Oidc:Issuers:0:Issuer"] = StsIssuer,
        ["Bridge:Attestors:Oidc:Issuers:0:Profile"] = "AwsSts",
    };

    /// <summary>An exchange client, the handler in front of the service, and the backoffs it asked for.</summary>
    /// <summary>A client, its handler, the backoffs it waited (recorded, not slept) and the clock deciding them.</summary>
    public sealed record TestClient(BridgeExchangeClient Client, FaultInjectingHandler Handler, List<TimeSpan> Delays, DelayInterceptingTimeProvider Clock);
}
