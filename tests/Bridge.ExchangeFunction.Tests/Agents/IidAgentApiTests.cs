using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Bridge.Abstractions.Nodes;
using Bridge.Attestors.AwsIid;
using Bridge.Authority.Local.Nodes;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Bridge.Spiffe.Id;
using Bridge.Testing.Agents;
using Bridge.Testing.Aws.Ec2;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.ExchangeFunction.Tests.Agents;

/// <summary>
/// Attestation through the real IID node attestor (<c>Bridge:NodeAttestors:AwsIid</c>) trusting the test IID authority's
/// certificates: signed instance identity documents, TOFU, a restart's newer pendingTime, and an STS token naming the
/// instance by the ARN the attestor derives.
/// </summary>
public sealed class IidAgentApiTests : IDisposable
{
    private const string Refused = "The node may not attest again; an operator must evict it first.";

    private static readonly SpiffeId AgentId =
        SpiffeId.Parse($"spiffe://example.org/bridge/agent/aws_iid/{TestIidDocument.DefaultAccount}/us-east-1/{TestIidDocument.DefaultInstanceId}");

    private readonly IidFactory _factory = new();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    [Fact]
    public async Task Attest_SignedDocument_IssuesTheAgentSvidAndRecordsTheNode()
    {
        var body = await OAuthAssert.SuccessAsync(await AttestAsync(new TestIidDocument()));

        Assert.Equal(AgentId.ToString(), body.GetProperty("spiffe_id").GetString());
        var record = await _factory.Nodes.GetAsync(AgentId, CancellationToken.None);
        Assert.Equal(AgentBridgeFactory.ChainOf(body)[0].SerialNumber.ToLowerInvariant(), record!.SvidSerialNumber);
        Assert.Equal(DateTimeOffset.Parse(new TestIidDocument().PendingTime!, System.Globalization.CultureInfo.InvariantCulture), record.EvidenceIssuedAt);
    }

    [Fact]
    public async Task Attest_SameDocumentTwice_SecondRefused_ARestartedInstanceReattests()
    {
        await OAuthAssert.SuccessAsync(await AttestAsync(new TestIidDocument()));
        await OAuthAssert.ErrorAsync(await AttestAsync(new TestIidDocument()), HttpStatusCode.Forbidden, "access_denied", Refused);

        var restarted = new TestIidDocument { PendingTime = "2026-12-02T08:00:00Z" };
        await OAuthAssert.SuccessAsync(await AttestAsync(restarted));
    }

    [Fact]
    public async Task Attest_DocumentFromAnotherRegionsCertificate_Rejected()
    {
        var evidence = TestIidAuthority.Payload(_factory.Iid.Sign(new TestIidDocument(), signingRegion: "eu-west-1"), new TestIidDocument().ToJson());
        var response = await PostAsync(evidence, null);
        await OAuthAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", "The attestation evidence is invalid or not acceptable.");
        Assert.Null(await _factory.Nodes.GetAsync(AgentId, CancellationToken.None));
    }

    [Fact]
    public async Task Attest_StsTokenNamingTheAttestedInstance_Reattests()
    {
        await OAuthAssert.SuccessAsync(await AttestAsync(new TestIidDocument()));
        var arn = $"arn:aws:ec2:us-east-1:{TestIidDocument.DefaultAccount}:instance/{TestIidDocument.DefaultInstanceId}";
        var token = _factory.Tokens.Create(_factory.Tokens.StsClaims(rolePath: "role/node", aws: ns => ns["ec2_source_instance_arn"] = arn));

        await OAuthAssert.SuccessAsync(await PostAsync(_factory.Iid.Evidence(new TestIidDocument()), token));
    }

    public void Dispose()
    {
        _key.Dispose();
        _factory.Dispose();
    }

    private Task<HttpResponseMessage> AttestAsync(TestIidDocument document) => PostAsync(_factory.Iid.Evidence(document), null);

    private Task<HttpResponseMessage> PostAsync(byte[] evidence, string? webIdentityToken)
    {
        var body = new JsonObject
        {
            ["attestor"] = "aws_iid",
            ["evidence"] = JsonNode.Parse(evidence),
            ["csr"] = Convert.ToBase64String(AgentAssertionFactory.Csr(_key)),
        };
        if (webIdentityToken is not null)
        {
            body["web_identity_token"] = webIdentityToken;
        }

        return _factory.Client.PostAsync("/agent/v1/attest", AgentBridgeFactory.Json(body.ToJsonString()), TestContext.Current.CancellationToken);
    }

    /// <summary>The service with the IID attestor enabled for the test account, trusting the test IID authority.</summary>
    private sealed class IidFactory : BridgeFactory
    {
        public TestIidAuthority Iid { get; } = TestIidAuthority.Create(["us-east-1", "eu-west-1"]);

        public INodeStore Nodes { get; }

        public IidFactory() => Nodes = new InMemoryNodeStore(Options.Create(new InMemoryNodeStoreOptions()), Time);

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
            }
        }
    }
}
