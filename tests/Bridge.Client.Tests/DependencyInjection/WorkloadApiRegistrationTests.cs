using Bridge.Client.DependencyInjection;
using Bridge.Client.Evidence;
using Bridge.Client.Sources;
using Bridge.Client.Tests.TestSupport.WorkloadApi;
using Bridge.Client.WorkloadApi;
using Bridge.Spiffe.Bundle.Jwt;
using Bridge.Spiffe.Svid.Jwt;
using Bridge.Spiffe.Svid.X509;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Client.Tests.DependencyInjection;

public sealed class WorkloadApiRegistrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddBridgeWorkloadApi_ResolvesTheSourceInterfaces_ToTheAgent()
    {
        await using var agent = await FakeWorkloadApiServer.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var authority = new TestSvidAuthority("example.org", time.GetUtcNow());
        var issued = authority.Issue("spiffe://example.org/from-di");
        agent.Fake.Publish(authority.Response(issued));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddBridgeWorkloadApi(o => o.Address = agent.Address);

        // Registered after the agent, the exchange client keeps its own types and does not take over the interfaces.
        services.AddBridgeClient(o =>
        {
            o.BaseAddress = new Uri("http://localhost/");
            o.SubjectTokenProvider = new StaticSubjectTokenProvider("unused");
        });
        await using var provider = services.BuildServiceProvider(validateScopes: true);

        var svid = await provider.GetRequiredService<IX509SvidSource>().GetX509SvidAsync(Ct);

        Assert.Equal(issued.Thumbprint, svid.Leaf.Thumbprint);
        Assert.Same(provider.GetRequiredService<WorkloadApiX509Source>(), provider.GetRequiredService<IX509SvidSource>());
        Assert.IsType<WorkloadApiJwtSource>(provider.GetRequiredService<IJwtSvidSource>());
        Assert.IsType<WorkloadApiJwtBundleSource>(provider.GetRequiredService<IJwtBundleSource>());
        Assert.NotNull(provider.GetRequiredService<X509SvidSource>());
    }

    [Fact]
    public void AddBridgeWorkloadApi_InvalidOptions_FailsWithEveryError()
    {
        var services = new ServiceCollection();
        services.AddBridgeWorkloadApi(o =>
        {
            o.Address = "tcp://localhost:8000";
            o.SpiffeId = "not an id";
            o.InitialBackoff = TimeSpan.FromMinutes(2);
            o.CallTimeout = TimeSpan.Zero;
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WorkloadApiOptions>>().Value);

        Assert.Contains("WorkloadApi: Address: a tcp address must be tcp://IP:port with an IP literal and nothing after the port.", ex.Failures);
        Assert.Contains("WorkloadApi: SpiffeId is not a valid SPIFFE ID.", ex.Failures);
        Assert.Contains("WorkloadApi: CallTimeout must be positive.", ex.Failures);
        Assert.Contains("WorkloadApi: MaxBackoff must not be less than InitialBackoff.", ex.Failures);
    }

    [Fact]
    public async Task WithoutAddress_TheEnvironmentVariableIsUsed()
    {
        // Only these tests read SPIFFE_ENDPOINT_SOCKET (every other one sets Address), so setting it here is safe.
        await using var agent = await FakeWorkloadApiServer.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var authority = new TestSvidAuthority("example.org", time.GetUtcNow());
        var issued = authority.Issue("spiffe://example.org/from-env");
        agent.Fake.Publish(authority.Response(issued));
        var previous = Environment.GetEnvironmentVariable(WorkloadApiOptions.EndpointSocketVariable);
        try
        {
            Environment.SetEnvironmentVariable(WorkloadApiOptions.EndpointSocketVariable, agent.Address);
            Assert.True(new WorkloadApiOptionsValidator().Validate(null, new WorkloadApiOptions()).Succeeded);
            using var client = new WorkloadApiClient(new WorkloadApiOptions());
            await using var source = new WorkloadApiX509Source(client, time);

            Assert.Equal(issued.Thumbprint, (await source.GetX509SvidAsync(Ct)).Leaf.Thumbprint);

            Environment.SetEnvironmentVariable(WorkloadApiOptions.EndpointSocketVariable, "unix://relative.sock");
            Assert.False(new WorkloadApiOptionsValidator().Validate(null, new WorkloadApiOptions()).Succeeded);
        }
        finally
        {
            Environment.SetEnvironmentVariable(WorkloadApiOptions.EndpointSocketVariable, previous);
        }
    }
}
