using Bridge.Client.DependencyInjection;
using Bridge.Client.Exchange;
using Bridge.Client.Sources;
using Bridge.Client.Tests.TestSupport;
using Bridge.Spiffe.Svid.Jwt;
using Bridge.Spiffe.Svid.X509;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.Client.Tests.DependencyInjection;

public sealed class BridgeClientServiceCollectionExtensionsTests(ExchangeHost host) : IClassFixture<ExchangeHost>
{
    [Fact]
    public async Task AddBridgeClient_Configured_ResolvesClientAndSourceThatExchange()
    {
        var id = await host.RegisterAsync("FromDi");
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(host.Time);
        services.AddBridgeClient(o =>
        {
            o.BaseAddress = new Uri("http://localhost/");
            o.SubjectTokenProvider = host.TokensFor("FromDi");
        }).ConfigurePrimaryHttpMessageHandler(() => host.Server.CreateHandler());
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        var client = provider.GetRequiredService<BridgeExchangeClient>();
        var jwt = await client.RequestJwtSvidAsync(["ledger"], cancellationToken: TestContext.Current.CancellationToken);
        var x509 = await provider.GetRequiredService<X509SvidSource>().GetX509SvidAsync(TestContext.Current.CancellationToken);

        Assert.Equal(id, jwt.SpiffeId);
        Assert.Equal(id, x509.Id);
    }

    [Fact]
    public async Task AddBridgeClient_RegistersTheSourceInterfaces_OverTheExchange()
    {
        var id = await host.RegisterAsync("FromInterfaces", audiences: ["ledger", "audit"]);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(host.Time);
        services.AddBridgeClient(o =>
        {
            o.BaseAddress = new Uri("http://localhost/");
            o.SubjectTokenProvider = host.TokensFor("FromInterfaces");
        }).ConfigurePrimaryHttpMessageHandler(() => host.Server.CreateHandler());
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        var jwt = await provider.GetRequiredService<IJwtSvidSource>().FetchJwtSvidAsync(["ledger", "audit"], cancellationToken: TestContext.Current.CancellationToken);
        var again = await provider.GetRequiredService<IJwtSvidSource>().FetchJwtSvidAsync(["audit", "ledger"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Same(provider.GetRequiredService<X509SvidSource>(), provider.GetRequiredService<IX509SvidSource>());
        Assert.IsType<ExchangeJwtSvidSource>(provider.GetRequiredService<IJwtSvidSource>());
        Assert.Equal(id, jwt.Id);
        Assert.Equal(["audit", "ledger"], jwt.Audience.Order(StringComparer.Ordinal));
        Assert.Equal(jwt.Token, again.Token);
    }

    [Fact]
    public void AddBridgeClient_InvalidOptions_FailsWithEveryError()
    {
        var services = new ServiceCollection();
        services.AddBridgeClient(o => o.BaseAddress = new Uri("http://bridge.example.org/"));
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<BridgeClientOptions>>().Value);

        Assert.Contains("BaseAddress must use https (http is allowed for loopback only).", ex.Failures);
        Assert.Contains("SubjectTokenProvider is required.", ex.Failures);
    }
}
