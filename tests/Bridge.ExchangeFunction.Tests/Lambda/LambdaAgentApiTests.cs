using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Bridge.Abstractions.Nodes;
using Bridge.Authority.Local.Nodes;
using Bridge.ExchangeFunction.Tests.Agents;
using Bridge.Testing.Agents;
using Bridge.Testing.Lambda;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.ExchangeFunction.Tests.Lambda;

/// <summary>The agent API through the Lambda hosting loop: attestation, the TOFU refusal, and an authenticated renewal.</summary>
public sealed class LambdaAgentApiTests(LambdaAgentApiTests.AgentHost host) : IClassFixture<LambdaAgentApiTests.AgentHost>
{
    [Fact]
    public async Task Invoke_AttestRefuseAndRenew_AnswerAsOverHttp()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var attest = HttpApiV2Event.Create(
            "POST", "/agent/v1/attest", headers: Json, body: Encoding.UTF8.GetBytes(AgentBridgeFactory.AttestationBody(key)));

        var attested = await host.InvokeAsync(new SampleEvent("agent-attest", attest));
        Assert.Equal(200, attested.StatusCode);
        Assert.Equal(AgentBridgeFactory.AgentId.ToString(), attested.Json().GetProperty("spiffe_id").GetString());
        X509Certificate2[] chain = AgentBridgeFactory.ChainOf(attested.Json());

        var again = await host.InvokeAsync(new SampleEvent("agent-attest-again", attest));
        Assert.Equal(403, again.StatusCode);
        Assert.Equal("access_denied", again.Json().GetProperty("error").GetString());

        var assertion = new AgentAssertionFactory(BridgeFactoryIssuer, host.Factory.Time).Create(key, chain, "POST", "/agent/v1/renew");
        var renew = HttpApiV2Event.Create(
            "POST",
            "/agent/v1/renew",
            headers: new Dictionary<string, string>(Json) { ["authorization"] = "BridgeAgent " + assertion },
            body: Encoding.UTF8.GetBytes(new JsonObject { ["csr"] = Convert.ToBase64String(AgentAssertionFactory.Csr(key)) }.ToJsonString()));
        var renewed = await host.InvokeAsync(new SampleEvent("agent-renew", renew));
        Assert.Equal(200, renewed.StatusCode);
        var record = await host.Nodes.GetAsync(AgentBridgeFactory.AgentId, CancellationToken.None);
        Assert.Equal(AgentBridgeFactory.ChainOf(renewed.Json())[0].SerialNumber.ToLowerInvariant(), record!.PendingSvidSerialNumber);

        // The same assertion again is a replay.
        var replayed = await host.InvokeAsync(new SampleEvent("agent-renew-replayed", renew));
        Assert.Equal(401, replayed.StatusCode);
        Assert.Equal("invalid_token", replayed.Json().GetProperty("error").GetString());
    }

    private const string BridgeFactoryIssuer = TestSupport.BridgeFactory.BridgeIssuer;

    private static readonly Dictionary<string, string> Json = new() { ["content-type"] = "application/json" };

    /// <summary>The Lambda host with an in-memory node store and the stub node attestor.</summary>
    public sealed class AgentHost : LambdaExchangeHost
    {
        public INodeStore Nodes { get; private set; } = null!;

        protected override void ConfigureServices(IServiceCollection services)
        {
            Nodes = new InMemoryNodeStore(Options.Create(new InMemoryNodeStoreOptions()), Factory.Time);
            services.AddSingleton(Nodes);
            services.AddSingleton<INodeAttestor>(new StubNodeAttestor());
        }
    }
}
