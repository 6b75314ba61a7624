using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Nodes;
using Bridge.Abstractions.Registration;
using Bridge.Attestors.AwsIid;
using Bridge.Authority.Local.Nodes;
using Bridge.ExchangeFunction.Tests.Agents;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Bridge.Spiffe.Id;
using Bridge.Testing.Agents;
using Bridge.Testing.Aws.Ec2;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.ExchangeFunction.Tests.Fuzz;

/// <summary>
/// The service with the real <c>aws_iid</c> attestor (trusting a test IID authority) and the real proof-of-possession
/// authenticator over an in-memory node store, one attested agent with an entry of its own, and the valid bodies the
/// agent API mutators start from.
/// </summary>
public sealed class AgentFuzzFactory : LoggingBridgeFactory
{
    /// <summary>The entry of <see cref="AgentKey"/>'s agent.</summary>
    public const string EntryId = "fuzz-own";

    /// <summary>The instance of the agent that sends the SVID requests (no fuzz case uses it).</summary>
    public static readonly string AgentInstance = "i-" + new string('f', 17);

    private readonly ECDsa _csrKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private X509Certificate2[]? _agentChain;

    public AgentFuzzFactory()
    {
        Nodes = new InMemoryNodeStore(Options.Create(new InMemoryNodeStoreOptions()), Time);
        Assertions = new AgentAssertionFactory(BridgeIssuer, Time);
        ValidCsr = Convert.ToBase64String(AgentAssertionFactory.Csr(_csrKey));
    }

    public TestIidAuthority Iid { get; } = TestIidAuthority.Create(["us-east-1"]);

    public INodeStore Nodes { get; }

    public AgentAssertionFactory Assertions { get; }

    /// <summary>The key of the attested agent that sends the SVID requests.</summary>
    public ECDsa AgentKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>A valid P-256 CSR (DER, base64).</summary>
    public string ValidCsr { get; }

    /// <summary>The instance ID of fuzz case <paramref name="index"/>: each case attests its own instance, so TOFU never decides.</summary>
    public static string Instance(int index) => "i-" + index.ToString("x17", CultureInfo.InvariantCulture);

    /// <summary>A valid attestation body for a fresh instance: members as JSON text, in order.</summary>
    public List<KeyValuePair<string, string>> AttestationMembers(int index)
    {
        var evidence = Iid.Evidence(new TestIidDocument { InstanceId = Instance(index) });
        return
        [
            new("attestor", "\"aws_iid\""),
            new("evidence", System.Text.Encoding.UTF8.GetString(evidence)),
            new("csr", "\"" + ValidCsr + "\""),
        ];
    }

    /// <summary>A valid batch request item: members as JSON text.</summary>
    public List<KeyValuePair<string, string>> BatchItemMembers() =>
    [
        new("entry_id", "\"" + EntryId + "\""),
        new("csr", "\"" + ValidCsr + "\""),
    ];

    /// <summary>Attests the agent that sends the SVID requests and gives it an entry.</summary>
    public async Task EnsureAgentAsync()
    {
        if (_agentChain is not null)
        {
            return;
        }

        var body = new JsonObject
        {
            ["attestor"] = "aws_iid",
            ["evidence"] = JsonNode.Parse(Iid.Evidence(new TestIidDocument { InstanceId = AgentInstance })),
            ["csr"] = Convert.ToBase64String(AgentAssertionFactory.Csr(AgentKey)),
        };
        using var response = await Client.PostAsync("/agent/v1/attest", AgentBridgeFactory.Json(body.ToJsonString()), TestContext.Current.CancellationToken);
        _agentChain = AgentBridgeFactory.ChainOf(await OAuthAssert.SuccessAsync(response));
        var entry = await Registrations.CreateAsync(
            new RegistrationEntry
            {
                Id = EntryId,
                SpiffeId = "spiffe://example.org/workload/fuzz",
                ParentId = BridgeIds.Agent(TrustDomain, "aws_iid", [TestIidDocument.DefaultAccount, "us-east-1", AgentInstance]),
                Selectors = [Selector.Parse("unix:uid:1000")],
                Audiences = ["ledger"],
            },
            TestContext.Current.CancellationToken);
        Assert.Equal(RegistrationWriteStatus.Succeeded, entry.Status);
    }

    /// <summary>A fresh proof-of-possession header of the fuzz agent for <c>POST <paramref name="path"/></c>.</summary>
    public AuthenticationHeaderValue Authorization(string path) =>
        new("BridgeAgent", Assertions.Create(AgentKey, _agentChain ?? throw new InvalidOperationException("Call EnsureAgentAsync first."), "POST", path));

    /// <summary>Every node record in the store.</summary>
    public async Task<List<SpiffeId>> NodeIdsAsync()
    {
        var ids = new List<SpiffeId>();
        string? token = null;
        do
        {
            var page = await Nodes.ListAsync(token, 500, TestContext.Current.CancellationToken);
            ids.AddRange(page.Nodes.Select(n => n.AgentId));
            token = page.NextPageToken;
        }
        while (token is not null);
        return ids;
    }

    protected override IEnumerable<KeyValuePair<string, string?>> SettingOverrides => IidAttestorHost.Settings;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => IidAttestorHost.AddServices(services, Nodes, Iid));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Iid.Dispose();
            AgentKey.Dispose();
            _csrKey.Dispose();
            foreach (var certificate in _agentChain ?? [])
            {
                certificate.Dispose();
            }
        }
    }
}
