using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.ExchangeFunction.Tests.Agents;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Bridge.Spiffe.Bundle;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.X509;
using Bridge.Testing.Agents;
using Bridge.Testing.Aws.Ec2;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bridge.ExchangeFunction.Tests.Backends;

/// <summary>
/// One agent's life over HTTP with every production component of the agent API: the <c>aws_iid</c> attestor (IID signed
/// by the test authority, <c>DescribeInstances</c> on the EC2 fake), the proof-of-possession authenticator, KMS keys, and
/// node records, entries, replay records and authority state in DynamoDB Local. Each step's DynamoDB calls are counted
/// at the SDK interface (<see cref="Bridge.Testing.Aws.DynamoDb.CountingDynamoDbProxy"/>) and on the wire, exactly:
/// these are the figures of docs/benchmarks.md ("Agent sync and SVID minting"), so a regression fails here.
/// </summary>
public sealed class AgentEndToEndTests(AgentAwsBackendsFixture aws) : IClassFixture<AgentAwsBackendsFixture>, IDisposable
{
    private const string AccessDenied = "The agent is not allowed to perform this request.";
    private const string InvalidAssertion = "The agent assertion is missing, invalid or not acceptable.";
    private const string OtherInstance = "i-0fedcba9876543210";

    // What each counted call touched (CountingDynamoDbProxy.Targets: operation and partition).
    private const string NodeRead = "GetItem node";
    private const string NodeWrite = "PutItem node";
    private const string ReplayWrite = "PutItem replay";
    private const string RevisionRead = "GetItem entry-meta";
    private const string StateRead = "GetItem state#";

    private static readonly TrustDomain TrustDomain = BridgeFactory.TrustDomain;

    private static readonly SpiffeId AgentId =
        BridgeIds.Agent(TrustDomain, "aws_iid", [TestIidDocument.DefaultAccount, "us-east-1", TestIidDocument.DefaultInstanceId]);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => aws.ResetDynamoDbTraffic();

    [Fact]
    public async Task Agent_AttestSyncMintRenew_OverHttpWithDynamoDb_MakesExactlyTheDocumentedCalls()
    {
        var bridge = aws.Bridge;
        var pop = new AgentAssertionFactory(BridgeFactory.BridgeIssuer, bridge.Time);
        aws.Ec2.AddInstance(new FakeEc2Instance
        {
            InstanceId = TestIidDocument.DefaultInstanceId,
            Tags = new Dictionary<string, string> { ["role"] = "web" },
        });

        // The instance is warm (keys and CA state read at start); what follows is what each request costs.
        using (var warm = await bridge.Client.GetAsync("/bundle", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        // 1. First attestation: the IID is verified, EC2 describes the instance, the node record is one conditional put.
        using var agentKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        aws.ResetDynamoDbTraffic();
        var attested = await OAuthAssert.SuccessAsync(await AttestAsync(agentKey));
        AssertDynamoDbCalls(NodeWrite);
        var chain = AgentBridgeFactory.ChainOf(attested);
        using (var agentSvid = X509Response.From(attested))
        {
            Assert.Equal([AgentId.ToString()], agentSvid.LeafNames().Uris);
        }

        // 2. A node set the instance's EC2 tag puts it in, an entry under it, one under the agent, one under another agent.
        await CreateAsync(new RegistrationEntry
        {
            Id = "e2e-nodeset-web",
            SpiffeId = BridgeIds.NodeSet(TrustDomain, "web").ToString(),
            ParentId = BridgeIds.Server(TrustDomain),
            Selectors = [Selector.Parse("aws_iid:tag:role:web")],
        });
        await CreateAsync(Workload("e2e-web", BridgeIds.NodeSet(TrustDomain, "web"), hint: "web"));
        await CreateAsync(Workload("e2e-own", AgentId));
        await CreateAsync(Workload("e2e-theirs", BridgeIds.Agent(TrustDomain, "aws_iid", [TestIidDocument.DefaultAccount, "us-east-1", OtherInstance])));

        // 3. The sync: exactly the two entries and the bundle; then, unchanged, 304 with one read (the node record).
        using var sync = await SendAsync(HttpMethod.Get, "/agent/v1/entries", agentKey, chain, pop);
        var synced = await OAuthAssert.SuccessAsync(sync);
        Assert.Equal(["e2e-own", "e2e-web"], synced.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        var revision = synced.GetProperty("revision").GetString()!;
        var bundle = SpiffeBundleDocument.Parse(TrustDomain, synced.GetProperty("bundle").GetRawText());
        Assert.NotEmpty(bundle.X509Authorities);

        aws.ResetDynamoDbTraffic();
        using (var unchanged = await SendAsync(HttpMethod.Get, "/agent/v1/entries", agentKey, chain, pop, ifNoneMatch: revision))
        {
            Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        }

        AssertDynamoDbCalls(NodeRead, ReplayWrite);

        // 4. A batch of 10 CSRs for both entries: 10 SVIDs that chain to the sync's bundle, and no entry read.
        var workloadKeys = Enumerable.Range(0, 10).Select(_ => ECDsa.Create(ECCurve.NamedCurves.nistP256)).ToArray();
        try
        {
            var entryIds = Enumerable.Range(0, 10).Select(i => i % 2 == 0 ? "e2e-web" : "e2e-own").ToArray();
            var batch = new JsonArray([.. entryIds.Select((id, i) => (JsonNode)new JsonObject
            {
                ["entry_id"] = id,
                ["csr"] = Convert.ToBase64String(new CertificateRequest("CN=workload", workloadKeys[i], HashAlgorithmName.SHA256).CreateSigningRequest()),
            })]);
            aws.ResetDynamoDbTraffic();
            using var minted = await SendAsync(HttpMethod.Post, "/agent/v1/x509-svids", agentKey, chain, pop, new JsonObject { ["requests"] = batch });
            var svids = (await OAuthAssert.SuccessAsync(minted)).GetProperty("svids").EnumerateArray().ToList();
            AssertDynamoDbCalls(NodeRead, ReplayWrite);

            Assert.Equal(entryIds, svids.Select(s => s.GetProperty("entry_id").GetString()));
            for (var i = 0; i < svids.Count; i++)
            {
                AssertChainsToBundle(svids[i], bundle, workloadKeys[i], "spiffe://example.org/workload/" + entryIds[i]);
            }
        }
        finally
        {
            Array.ForEach(workloadKeys, k => k.Dispose());
        }

        // 5. A JWT-SVID, valid for a relying party holding the JWKS.
        aws.ResetDynamoDbTraffic();
        using (var jwt = await SendAsync(HttpMethod.Post, "/agent/v1/jwt-svids", agentKey, chain, pop, new JsonObject { ["entry_id"] = "e2e-web", ["audience"] = new JsonArray("ledger") }))
        {
            var token = (await OAuthAssert.SuccessAsync(jwt)).GetProperty("token").GetString()!;
            AssertDynamoDbCalls(NodeRead, ReplayWrite);
            await AssertValidJwtSvidAsync(token, "spiffe://example.org/workload/e2e-web");
        }

        // 6. Another agent's entry is refused, both kinds, as an unknown one would be.
        using (var theirs = await SendAsync(HttpMethod.Post, "/agent/v1/jwt-svids", agentKey, chain, pop, new JsonObject { ["entry_id"] = "e2e-theirs", ["audience"] = new JsonArray("ledger") }))
        {
            await OAuthAssert.ErrorAsync(theirs, HttpStatusCode.Forbidden, "access_denied", AccessDenied);
        }

        using (var theirsX509 = await SendAsync(
            HttpMethod.Post, "/agent/v1/x509-svids", agentKey, chain, pop, new JsonObject { ["requests"] = new JsonArray(new JsonObject { ["entry_id"] = "e2e-theirs", ["csr"] = Convert.ToBase64String(AgentAssertionFactory.Csr(agentKey)) }) }))
        {
            await OAuthAssert.ErrorAsync(theirsX509, HttpStatusCode.Forbidden, "access_denied", AccessDenied);
        }

        // 7. Renewal: a new SVID recorded as pending (one conditional update). The new one authenticates and is promoted;
        // from then on the old one is refused.
        using var renewedKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        aws.ResetDynamoDbTraffic();
        using var renew = await SendAsync(HttpMethod.Post, "/agent/v1/renew", agentKey, chain, pop, new JsonObject { ["csr"] = Convert.ToBase64String(AgentAssertionFactory.Csr(renewedKey)) });
        var renewedChain = AgentBridgeFactory.ChainOf(await OAuthAssert.SuccessAsync(renew));
        AssertDynamoDbCalls(NodeRead, ReplayWrite, NodeWrite);
        Assert.NotEqual(chain[0].SerialNumber, renewedChain[0].SerialNumber);

        aws.ResetDynamoDbTraffic();
        using (var promoted = await SendAsync(HttpMethod.Get, "/agent/v1/entries", renewedKey, renewedChain, pop, ifNoneMatch: revision))
        {
            Assert.Equal(HttpStatusCode.NotModified, promoted.StatusCode);
        }

        AssertDynamoDbCalls(NodeRead, ReplayWrite, NodeWrite);

        using (var old = await SendAsync(HttpMethod.Get, "/agent/v1/entries", agentKey, chain, pop))
        {
            await OAuthAssert.ErrorAsync(old, HttpStatusCode.Unauthorized, "invalid_token", InvalidAssertion);
            Assert.Equal("BridgeAgent error=\"invalid_token\"", old.Headers.WwwAuthenticate.ToString());
        }

        // 8. Past the 30 s intervals, the first sync also checks the entry table's revision (one GetItem on the request
        // path), and the instance re-reads its CA and JWT key state in the background (at most one GetItem of each
        // document, whenever it lands): per instance and interval, not per agent.
        bridge.Time.Advance(TimeSpan.FromSeconds(31));
        aws.ResetDynamoDbTraffic();
        using (var later = await SendAsync(HttpMethod.Get, "/agent/v1/entries", renewedKey, renewedChain, pop, ifNoneMatch: revision))
        {
            Assert.Equal(HttpStatusCode.NotModified, later.StatusCode);
        }

        var calls = aws.Counter.Targets.Select(Normalize).ToList();
        Assert.Equal([NodeRead, ReplayWrite, RevisionRead], calls.Where(c => !c.StartsWith(StateRead, StringComparison.Ordinal)));
        var stateReads = calls.Where(c => c.StartsWith(StateRead, StringComparison.Ordinal)).ToList();
        Assert.Equal(stateReads.Distinct(), stateReads);
        Assert.All(stateReads, c => Assert.Contains(c, new[] { StateRead + "x509-ca", StateRead + "jwt-keys" }));
    }

    /// <summary>
    /// The calls since the last reset, exactly and in order, at the SDK interface (with the partition each touched) and
    /// on the wire.
    /// </summary>
    private void AssertDynamoDbCalls(params string[] expected)
    {
        Assert.Equal(expected, aws.Counter.Targets.Select(Normalize));
        Assert.Equal(expected.Select(e => e.Split(' ')[0]), aws.Wire.Requests);
    }

    /// <summary>A replay record's partition names its hashed key; the kind of write is what counts.</summary>
    private static string Normalize(string target) => target.StartsWith(ReplayWrite + "#", StringComparison.Ordinal) ? ReplayWrite : target;

    private Task<HttpResponseMessage> AttestAsync(ECDsa key)
    {
        var body = new JsonObject
        {
            ["attestor"] = "aws_iid",
            ["evidence"] = JsonNode.Parse(aws.Iid.Evidence(new TestIidDocument())),
            ["csr"] = Convert.ToBase64String(AgentAssertionFactory.Csr(key)),
        };
        return aws.Bridge.Client.PostAsync("/agent/v1/attest", AgentBridgeFactory.Json(body.ToJsonString()), Cancel);
    }

    private Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string path, ECDsa key, X509Certificate2[] chain, AgentAssertionFactory pop, JsonObject? body = null, string? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("BridgeAgent", pop.Create(key, chain, method.Method, path));
        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{ifNoneMatch}\""));
        }

        if (body is not null)
        {
            request.Content = AgentBridgeFactory.Json(body.ToJsonString());
        }

        return aws.Bridge.Client.SendAsync(request, Cancel);
    }

    private async Task CreateAsync(RegistrationEntry entry)
    {
        var result = await aws.Bridge.Registrations.CreateAsync(entry, Cancel);
        Assert.Equal(RegistrationWriteStatus.Succeeded, result.Status);
    }

    private static RegistrationEntry Workload(string id, SpiffeId parent, string? hint = null) => new()
    {
        Id = id,
        SpiffeId = "spiffe://example.org/workload/" + id,
        ParentId = parent,
        Selectors = [Selector.Parse("unix:uid:1000")],
        Audiences = ["ledger"],
        Hint = hint,
    };

    /// <summary>The SVID names <paramref name="spiffeId"/>, holds <paramref name="key"/>, and chains to the bundle for .NET's X509Chain and for the SPIFFE rules.</summary>
    private void AssertChainsToBundle(JsonElement svid, SpiffeBundle bundle, ECDsa key, string spiffeId)
    {
        var certificates = svid.GetProperty("x509_svid_chain").EnumerateArray()
            .Select(c => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(c.GetString()!))).ToArray();
        try
        {
            var leaf = certificates[0];
            Assert.Equal(spiffeId, svid.GetProperty("spiffe_id").GetString());
            var verified = X509SvidVerifier.Verify(certificates, bundle, aws.Bridge.Time.GetUtcNow());
            Assert.True(verified.IsValid, verified.Error);
            Assert.Equal(spiffeId, verified.Id.ToString());
            Assert.Equal(key.ExportSubjectPublicKeyInfo(), leaf.PublicKey.ExportSubjectPublicKeyInfo());

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.CustomTrustStore.AddRange(bundle.X509Authorities.ToArray());
            chain.ChainPolicy.ExtraStore.AddRange(certificates[1..]);
            Assert.True(chain.Build(leaf), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        }
        finally
        {
            Array.ForEach(certificates, c => c.Dispose());
        }
    }

    private async Task AssertValidJwtSvidAsync(string token, string spiffeId)
    {
        var jwks = new JsonWebKeySet(await aws.Bridge.Client.GetStringAsync(new Uri("/keys", UriKind.Relative), Cancel));
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = BridgeFactory.BridgeIssuer,
            ValidAudience = "ledger",
            IssuerSigningKeys = jwks.GetSigningKeys(),
            TryAllIssuerSigningKeys = false,
            LifetimeValidator = (_, expires, _, _) => expires > aws.Bridge.Time.GetUtcNow().UtcDateTime,
        });
        Assert.True(validation.IsValid, validation.Exception?.Message);
        Assert.Equal(spiffeId, ((JsonWebToken)validation.SecurityToken).Subject);
    }
}
