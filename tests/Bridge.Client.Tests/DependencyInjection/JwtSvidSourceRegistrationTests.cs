using Bridge.Client.DependencyInjection;
using Bridge.Client.Evidence;
using Bridge.Client.Sources;
using Bridge.Client.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.Client.Tests.DependencyInjection;

/// <summary>Per-audience JWT-SVID sources from DI: keyed, shared with the factory, single-flight, validated.</summary>
public sealed class JwtSvidSourceRegistrationTests(ExchangeHost host) : IClassFixture<ExchangeHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KeyedSource_PerAudience_OneSharedSourceEach()
    {
        await host.RegisterAsync("Keyed", audiences: ["ledger", "billing"]);
        await using var provider = Build(host.TokensFor("Keyed"), services => services
            .AddBridgeJwtSvidSource("ledger")
            .AddBridgeJwtSvidSource("billing"));

        var ledger = provider.GetRequiredKeyedService<JwtSvidSource>("ledger");
        var billing = provider.GetRequiredKeyedService<JwtSvidSource>("billing");

        Assert.Same(ledger, provider.GetRequiredKeyedService<JwtSvidSource>("ledger"));
        Assert.Same(ledger, provider.GetRequiredService<IJwtSvidSourceFactory>().GetSource(["ledger"]));
        Assert.NotSame(ledger, billing);
        Assert.Equal(["ledger"], (await ledger.FetchJwtSvidAsync(Ct)).Audiences);
        Assert.Equal(["billing"], (await billing.FetchJwtSvidAsync(Ct)).Audiences);
    }

    [Fact]
    public async Task KeyedSource_ConcurrentCallersThroughKeyAndFactory_OneExchange()
    {
        await host.RegisterAsync("SingleFlight");
        var tokens = host.TokensFor("SingleFlight");
        await using var provider = Build(tokens, services => services.AddBridgeJwtSvidSource("ledger"));
        var keyed = provider.GetRequiredKeyedService<JwtSvidSource>("ledger");
        var factory = provider.GetRequiredService<IJwtSvidSourceFactory>();

        var fetches = Enumerable.Range(0, 50).Select(i => i % 2 == 0
            ? keyed.FetchJwtSvidAsync(Ct).AsTask()
            : factory.GetSource(["ledger", "ledger"]).FetchJwtSvidAsync(Ct).AsTask());
        var svids = await Task.WhenAll(fetches);

        Assert.Equal(1, tokens.Calls);
        Assert.All(svids, s => Assert.Same(svids[0], s));
    }

    [Fact]
    public async Task KeyedSource_WithSpiffeIdAndTtl_PassesThem()
    {
        var id = await host.RegisterAsync("Chosen", spiffePath: "chosen/workload");
        await using var provider = Build(host.TokensFor("Chosen"), services => services.AddBridgeJwtSvidSource("ledger", o =>
        {
            o.SpiffeId = id.ToString();
            o.Ttl = TimeSpan.FromMinutes(2);
        }));

        var svid = await provider.GetRequiredKeyedService<JwtSvidSource>("ledger").FetchJwtSvidAsync(Ct);

        Assert.Equal(id, svid.SpiffeId);
        Assert.True(svid.ExpiresAt - svid.IssuedAt <= TimeSpan.FromMinutes(2));
        Assert.NotSame(
            provider.GetRequiredKeyedService<JwtSvidSource>("ledger"),
            provider.GetRequiredService<IJwtSvidSourceFactory>().GetSource(["ledger"]));
    }

    [Fact]
    public async Task AddBridgeJwtSvidSource_InvalidOptions_StartFailsWithEveryError()
    {
        await using var provider = Build(host.TokensFor("Invalid"), services => services.AddBridgeJwtSvidSource("ledger", o =>
        {
            o.Audiences.Add(" ");
            o.SpiffeId = "not-a-spiffe-id";
            o.Ttl = TimeSpan.Zero;
        }));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(3, ex.Failures.Count());
        Assert.All(ex.Failures, f => Assert.StartsWith("JwtSvidSource 'ledger': ", f, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Factory_SameAudiencesInAnyOrder_SameSource_OtherSpiffeIdOrTtl_Distinct()
    {
        await using var provider = Build(host.TokensFor("Factory"), _ => { });
        var factory = provider.GetRequiredService<IJwtSvidSourceFactory>();

        var source = factory.GetSource(["b", "a"]);

        Assert.Same(source, factory.GetSource(["a", "b", "a"]));
        Assert.NotSame(source, factory.GetSource(["a"]));
        Assert.NotSame(source, factory.GetSource(["a", "b"], ExchangeHost.RoleId("Factory")));
        Assert.NotSame(source, factory.GetSource(["a", "b"], ttl: TimeSpan.FromMinutes(1)));
        Assert.Throws<ArgumentException>(() => factory.GetSource([]));
    }

    private ServiceProvider Build(StaticSubjectTokenProvider tokens, Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(host.Time);
        services.AddBridgeClient(o =>
        {
            o.BaseAddress = new Uri("http://localhost/");
            o.SubjectTokenProvider = tokens;
        }).ConfigurePrimaryHttpMessageHandler(() => host.Server.CreateHandler());
        configure(services);
        return services.BuildServiceProvider(validateScopes: true);
    }
}
