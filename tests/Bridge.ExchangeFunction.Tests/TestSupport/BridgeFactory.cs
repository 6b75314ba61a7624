using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Attestors.Oidc;
using Bridge.Authority.Local.Hosting;
using Bridge.Spiffe.Id;
using Bridge.Testing.Oidc;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.ExchangeFunction.Tests.TestSupport;

/// <summary>
/// The real exchange service (Program's composition) on the test server, with in-memory backends, one AWS STS-shaped
/// OIDC issuer served by <see cref="FakeOidcIssuer"/> and a fake clock. Each test class gets its own instance.
/// </summary>
public class BridgeFactory : WebApplicationFactory<Program>
{
    public const string TrustDomainName = "example.org";
    public const string BridgeIssuer = "https://bridge.example.org";
    public const string BridgeAudience = "bridge";
    public const string AttestorName = "aws-sts";
    public const string StsIssuer = "https://sts.fake.example.com/account";
    public const string Account = "123456789012";
    public const string OtherIssuerUrl = "https://idp.fake.example.com";

    private HttpClient? _client;

    public BridgeFactory()
    {
        StsKey = OidcTestKey.CreateRsa("sts-key-1");
        Issuer = Oidc.AddIssuer(StsIssuer, StsKey);
        OtherIssuerKey = OidcTestKey.CreateRsa("idp-key-1");
        Oidc.AddIssuer(OtherIssuerUrl, OtherIssuerKey);
        Tokens = new OidcTokenFactory(StsIssuer, BridgeAudience, StsKey, Time);
    }

    public static TrustDomain TrustDomain { get; } = TrustDomain.Parse(TrustDomainName);

    /// <summary>The service's clock; starts at the real time so X.509 chains also validate at the wall clock.</summary>
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    /// <summary>Serves the STS issuer's discovery document and JWKS to the attestor.</summary>
    public FakeOidcIssuer Oidc { get; } = new();

    /// <summary>The STS issuer as published by <see cref="Oidc"/> (set Unavailable for outages).</summary>
    public FakeOidcIssuer.Endpoint Issuer { get; }

    /// <summary>The STS issuer's signing key.</summary>
    public OidcTestKey StsKey { get; }

    /// <summary>The signing key of a second trusted issuer (Generic profile), for issuer mix-up attacks.</summary>
    public OidcTestKey OtherIssuerKey { get; }

    /// <summary>Mints STS-shaped subject tokens for Bridge's audience.</summary>
    public OidcTokenFactory Tokens { get; }

    /// <summary>A client of the test server.</summary>
    public HttpClient Client => _client ??= CreateClient();

    /// <summary>The service's registration store.</summary>
    public IRegistrationStore Registrations => Services.GetRequiredService<IRegistrationStore>();

    /// <summary>Configuration values replacing or adding to the defaults, for tests of other settings.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> SettingOverrides => [];

    /// <summary>The settings the service starts with.</summary>
    public Dictionary<string, string?> Settings()
    {
        var settings = new Dictionary<string, string?>(LocalBackends.InMemorySettings, StringComparer.OrdinalIgnoreCase)
        {
            ["Bridge:Authority:TrustDomain"] = TrustDomainName,
            ["Bridge:Authority:Issuer"] = BridgeIssuer,
            ["Bridge:Attestors:Oidc:Audience"] = BridgeAudience,
            ["Bridge:Attestors:Oidc:Issuers:0:Name"] = AttestorName,
            ["Bridge:Attestors:Oidc:Issuers:0:Issuer"] = StsIssuer,
            ["Bridge:Attestors:Oidc:Issuers:0:Profile"] = "AwsSts",
            ["Bridge:Attestors:Oidc:Issuers:1:Name"] = "other-idp",
            ["Bridge:Attestors:Oidc:Issuers:1:Issuer"] = OtherIssuerUrl,
            ["Bridge:Attestors:Oidc:Issuers:1:Profile"] = "Generic",
        };
        foreach (var (key, value) in SettingOverrides)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Registers an entry for <paramref name="role"/> in <see cref="Account"/> and returns it.</summary>
    public async Task<RegistrationEntry> RegisterAsync(
        string role,
        string? spiffePath = null,
        IReadOnlyList<string>? audiences = null,
        IReadOnlyList<string>? dnsNames = null,
        TimeSpan? jwtTtl = null,
        string? hint = null,
        IReadOnlyList<Selector>? selectors = null)
    {
        var entry = new RegistrationEntry
        {
            Id = Guid.NewGuid().ToString("N"),
            SpiffeId = $"spiffe://{TrustDomainName}/{spiffePath ?? "aws/" + Account + "/role/" + role}",
            ParentId = BridgeIds.AttestorParent(TrustDomain, AttestorName),
            Selectors = selectors ?? [new Selector("aws", "account:" + Account), new Selector("aws", "role:" + role)],
            Audiences = audiences ?? ["ledger"],
            DnsNames = dnsNames ?? [],
            JwtSvidTtl = jwtTtl,
            Hint = hint,
        };
        var result = await Registrations.CreateAsync(entry, CancellationToken.None);
        Assert.Equal(RegistrationWriteStatus.Succeeded, result.Status);
        return entry;
    }

    /// <summary>Registers the default entry for <paramref name="role"/> unless one already matches it (tests of one class share the service).</summary>
    public async Task EnsureRegisteredAsync(string role)
    {
        var parent = BridgeIds.AttestorParent(TrustDomain, AttestorName);
        var existing = await Registrations.FindMatchingAsync(
            parent, [new Selector("aws", "account:" + Account), new Selector("aws", "role:" + role)], CancellationToken.None);
        if (existing.Count == 0)
        {
            await RegisterAsync(role);
        }
    }

    /// <summary>A valid STS subject token for <paramref name="role"/>.</summary>
    public string StsToken(string role) => Tokens.Create(Tokens.StsClaims(Account, "role/" + role));

    protected override IHost CreateHost(IHostBuilder builder)
    {
        // Program's composition reads some settings while it registers services, before the configuration below
        // applies; host configuration reaches the application builder (as arguments) before that, so it is set here.
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
            _client?.Dispose();
            StsKey.Dispose();
            OtherIssuerKey.Dispose();
            Oidc.Dispose();
        }
    }
}
