using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Abstractions.Nodes;
using Bridge.Authority.Local.Nodes;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Bridge.Spiffe.Id;
using Bridge.Testing.Agents;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.ExchangeFunction.Tests.Agents;

/// <summary>
/// The exchange service with the agent API's dependencies that production registers elsewhere: an in-memory node store
/// (behind <see cref="FaultyNodeStore"/> for outages) and the stub node attestor standing in for the IID attestor.
/// </summary>
public class AgentBridgeFactory : BridgeFactory
{
    public const string Instance = "i-0abc";
    public static readonly SpiffeId AgentId = SpiffeId.Parse("spiffe://example.org/bridge/agent/aws_iid/123456789012/us-east-1/" + Instance);

    public AgentBridgeFactory()
    {
        Nodes = new FaultyNodeStore(new InMemoryNodeStore(Options.Create(new InMemoryNodeStoreOptions()), Time));
        Assertions = new AgentAssertionFactory(BridgeIssuer, Time);
    }

    public FaultyNodeStore Nodes { get; }

    public StubNodeAttestor NodeAttestor { get; } = new();

    public AgentAssertionFactory Assertions { get; }

    /// <summary>The pendingTime of the evidence unless a test says otherwise.</summary>
    public static DateTimeOffset Pending { get; } = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    /// <summary>The JSON body of an attestation.</summary>
    public static string AttestationBody(AsymmetricAlgorithm key, string instance = Instance, DateTimeOffset? pending = null, string? webIdentityToken = null)
    {
        var body = new JsonObject
        {
            ["attestor"] = StubNodeAttestor.AttestorName,
            ["evidence"] = JsonNode.Parse(StubNodeAttestor.Evidence(instance, pending ?? Pending)),
            ["csr"] = Convert.ToBase64String(AgentAssertionFactory.Csr(key)),
        };
        if (webIdentityToken is not null)
        {
            body["web_identity_token"] = webIdentityToken;
        }

        return body.ToJsonString();
    }

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    public Task<HttpResponseMessage> AttestAsync(AsymmetricAlgorithm key, string instance = Instance, DateTimeOffset? pending = null, string? webIdentityToken = null) =>
        Client.PostAsync("/agent/v1/attest", Json(AttestationBody(key, instance, pending, webIdentityToken)), TestContext.Current.CancellationToken);

    /// <summary>Attests and returns the SVID chain (leaf first) from a 200 answer.</summary>
    public async Task<X509Certificate2[]> AttestedChainAsync(AsymmetricAlgorithm key, string instance = Instance, DateTimeOffset? pending = null)
    {
        var body = await OAuthAssert.SuccessAsync(await AttestAsync(key, instance, pending));
        return ChainOf(body);
    }

    public static X509Certificate2[] ChainOf(JsonElement body) =>
        [.. body.GetProperty("x5c").EnumerateArray().Select(c => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(c.GetString()!)))];

    /// <summary><c>POST /agent/v1/renew</c> with a fresh assertion made by <paramref name="key"/> over <paramref name="chain"/>.</summary>
    public Task<HttpResponseMessage> RenewAsync(AsymmetricAlgorithm key, X509Certificate2[] chain, string? assertion = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/agent/v1/renew")
        {
            Content = Json(new JsonObject { ["csr"] = Convert.ToBase64String(AgentAssertionFactory.Csr(key)) }.ToJsonString()),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("BridgeAgent", assertion ?? Assertions.Create(key, chain, "POST", "/agent/v1/renew"));
        return Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async Task<NodeRecord?> RecordAsync(SpiffeId? agentId = null) => await Nodes.GetAsync(agentId ?? AgentId, CancellationToken.None);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<INodeStore>(Nodes);
            services.AddSingleton<INodeAttestor>(NodeAttestor);
        });
    }
}
