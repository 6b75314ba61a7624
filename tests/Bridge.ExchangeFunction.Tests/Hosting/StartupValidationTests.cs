using Bridge.ExchangeFunction.Hosting;
using Bridge.ExchangeFunction.Hosting.Startup;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Bridge.ExchangeFunction.Tests.Hosting;

/// <summary>A misconfigured service refuses to start and names every problem at once, across sections, with full key paths.</summary>
public sealed class StartupValidationTests
{
    [Fact]
    public void Start_InvalidConfiguration_FailsListingEveryError()
    {
        var error = Assert.Throws<StartupFailedException>(() => Create(
            ("Bridge:Authority:TrustDomain", "Example.ORG/path"),
            ("Bridge:Authority:Issuer", "http://bridge.example.org"),
            ("Bridge:Attestors:Oidc:Issuers:0:Issuer", "http://sts.example.com")));

        Assert.Contains(error.Problems, f => f.StartsWith("Bridge:Authority:TrustDomain:", StringComparison.Ordinal));
        Assert.Contains(error.Problems, f => f.StartsWith("Bridge:Authority:Issuer:", StringComparison.Ordinal));
        Assert.Contains(error.Problems, f => f.StartsWith("Bridge:Attestors:Oidc:Issuers:0:Issuer must use https", StringComparison.Ordinal));
    }

    [Fact]
    public void Start_KmsEnvelopeWithoutItsSettings_FailsListingThemWithTheOtherErrors()
    {
        var error = Assert.Throws<StartupFailedException>(() => Create(
            ("Bridge:Authority:TrustDomain", "Example.ORG/path"),
            ("Bridge:Backends:Keys", "KmsEnvelope"),
            ("Bridge:Backends:State", "DynamoDb"),
            ("Bridge:Backends:DynamoDbTable", "bridge")));

        Assert.Contains(error.Problems, f => f.StartsWith("Bridge:Authority:TrustDomain:", StringComparison.Ordinal));
        Assert.Contains(error.Problems, f => f.StartsWith("Bridge:Keys:KmsEnvelope:", StringComparison.Ordinal));
    }

    [Fact]
    public void Start_UnconvertibleValuesAndTypos_AreListedWithTheValidatorsProblems()
    {
        // The binder throws on the first unconvertible value before any validator runs; every problem must still be
        // listed, each once, and a typo must not fall back silently to a default backend.
        var error = Assert.Throws<StartupFailedException>(() => Create(
            ("Bridge:Authority:CaTtl", "5m"),
            ("Bridge:Authority:JwtKeyType", "Ed25519"),
            ("Bridge:Backends:Registraton", "DynamoDb"),
            ("Bridge:Attestors:Oidc:Issuers:0:Profile", "Aws"),
            ("Bridge:Attestors:Oidc:Issuers:0:AllowedAlgorithms", "ES256"),
            ("Bridge:Replay:InMemory:MaxEntries", "0"),
            ("Bridge:Exchange:Typo", "1")));

        Assert.Equal(
            [
                "Bridge:Attestors:Oidc:Issuers:0:AllowedAlgorithms: is a list; give its items as AllowedAlgorithms:0, AllowedAlgorithms:1, ... (in JSON: an array).",
                "Bridge:Attestors:Oidc:Issuers:0:Profile: 'Aws' is not one of Generic, AwsSts, Eks.",
                "Bridge:Authority:CaTtl: '5m' is not a duration; write [d.]hh:mm:ss, e.g. 00:05:00 for five minutes or 1.00:00:00 for a day.",
                "Bridge:Authority:JwtKeyType: 'Ed25519' is not one of EcP256, EcP384, Rsa2048, Rsa3072, Rsa4096.",
                "Bridge:Backends:Registraton: unknown setting (did you mean Registration?); nothing reads it.",
                "Bridge:Exchange:Typo: unknown setting; nothing reads it.",
                "Bridge:Replay:InMemory:MaxEntries: must be at least 1.",
            ],
            error.Problems.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Start_InvalidAgentSettings_FailsNamingThem()
    {
        var error = Assert.Throws<StartupFailedException>(() => Create(
            ("Bridge:Agents:SvidTtl", "30.00:00:00"),
            ("Bridge:Agents:ClockSkew", "00:05:00")));

        Assert.Contains(error.Problems, f => f.StartsWith("Bridge:Agents:SvidTtl", StringComparison.Ordinal));
        Assert.Contains(error.Problems, f => f.StartsWith("Bridge:Agents:ClockSkew", StringComparison.Ordinal));
    }

    [Fact]
    public void Start_ValidConfiguration_Builds()
    {
        // The control case: the same settings with nothing overridden build.
        var app = Create();

        Assert.NotNull(app.Services);
    }

    [Fact]
    public void Start_NoIssuerAndALoopbackIssuerNotServed_WarnsOfEach()
    {
        using var logs = new CapturingLoggerProvider();
        using var factory = new BridgeFactory();
        var settings = factory.Settings()
            .Where(s => !s.Key.StartsWith("Bridge:Attestors:Oidc:Issuers", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(StringComparer.OrdinalIgnoreCase);
        settings["Bridge:Authority:Issuer"] = "http://127.0.0.1:5080";
        settings["Urls"] = "http://127.0.0.1:5081";

        ExchangeApplication.Create([], builder =>
        {
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
            builder.Logging.AddProvider(logs);
        });

        var warnings = logs.Logs.Where(l => l.Level == LogLevel.Warning).Select(l => l.EventId.Id).Order().ToArray();
        Assert.Equal([5030, 5031], warnings);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080", true)]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5081", false)]
    [InlineData("http://localhost:5080", "http://*:5080", true)]
    [InlineData("http://127.0.0.1:5080", "https://127.0.0.1:5080", false)]
    [InlineData("https://bridge.example.org", "http://0.0.0.0:8080", true)]
    public void IssuerMatchesUrls_OnlyLoopbackIssuersMustBeServedDirectly(string issuer, string urls, bool matches) =>
        Assert.Equal(matches, StartupWarnings.IssuerMatchesUrls(issuer, urls));

    private static WebApplication Create(params (string Key, string Value)[] overrides)
    {
        using var factory = new BridgeFactory();
        var settings = factory.Settings();
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return ExchangeApplication.Create([], builder =>
        {
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
        });
    }
}
