using Bridge.Client.DependencyInjection;
using Bridge.Client.Exchange;
using Bridge.Client.Sources;
using Bridge.Client.Tests.TestSupport;
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
