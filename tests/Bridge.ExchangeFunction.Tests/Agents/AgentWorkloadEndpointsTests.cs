using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Bridge.Abstractions;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bridge.ExchangeFunction.Tests.Agents;

/// <summary>
/// The workload routes of the agent API over HTTP: the sync with its revision and 304, all-or-nothing X.509-SVID
/// batches, JWT-SVIDs with the entry's audiences, 403 for entries outside the caller's set, /token's fault behaviour.
/// </summary>
public sealed class AgentWorkloadEndpointsTests(AgentApiFactory factory) : IClassFixture<AgentApiFactory>
{
    private const string AccessDenied = "The agent is not allowed to perform this request.";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Entries_AuthorizedSetWithBundle_ThenNotModifiedUntilItChanges()
    {
        factory.Enroll("i-sync", "aws_iid:tag:role:sync");
        await factory.AddNodeSetAsync("sync", "aws_iid:tag:role:sync");
        await factory.AddEntryAsync("sync-app", AgentApiFactory.NodeSetId("sync"), hint: "app");
        await factory.AddEntryAsync("sync-own", AgentApiFactory.AgentId("i-sync"));
        await factory.AddEntryAsync("sync-theirs", AgentApiFactory.AgentId("i-other"));

        using var first = await factory.Client.SendAsync(AgentApiFactory.Request(HttpMethod.Get, "/agent/v1/entries", "i-sync"), Cancel);
        var body = await OAuthAssert.SuccessAsync(first);

        var revision = body.GetProperty("revision").GetString()!;
        Assert.Equal($"\"{revision}\"", first.Headers.ETag?.Tag);
        var entries = body.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["sync-app", "sync-own"], entries.Select(e => e.GetProperty("id").GetString()));
        var app = entries[0];
        Assert.Equal("spiffe://example.org/workload/sync-app", app.GetProperty("spiffe_id").GetString());
        Assert.Equal(AgentApiFactory.NodeSetId("sync").ToString(), app.GetProperty("parent_id").GetString());
        Assert.Equal(["unix:uid:1000"], app.GetProperty("selectors").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(["svc"], app.GetProperty("audiences").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("app", app.GetProperty("hint").GetString());
        Assert.Equal(JsonValueKind.Null, app.GetProperty("x509_svid_ttl_seconds").ValueKind);
        Assert.Equal(JsonValueKind.Null, app.GetProperty("expires_at").ValueKind);
        Assert.Equal("example.org", body.GetProperty("trust_domain").GetString());
        var uses = body.GetProperty("bundle").GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("use").GetString()).ToList();
        Assert.Contains("x509-svid", uses);
        Assert.Contains("jwt-svid", uses);

        using var unchangedRequest = AgentApiFactory.Request(HttpMethod.Get, "/agent/v1/entries", "i-sync");
        unchangedRequest.Headers.IfNoneMatch.ParseAdd($"\"{revision}\"");
        using var unchanged = await factory.Client.SendAsync(unchangedRequest, Cancel);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Empty(await unchanged.Content.ReadAsByteArrayAsync(Cancel));

        await factory.AddEntryAsync("sync-new", AgentApiFactory.AgentId("i-sync"));
        using var changedRequest = AgentApiFactory.Request(HttpMethod.Get, "/agent/v1/entries", "i-sync");
        changedRequest.Headers.IfNoneMatch.ParseAdd($"\"{revision}\"");
        using var changed = await factory.Client.SendAsync(changedRequest, Cancel);
        var changedBody = await OAuthAssert.SuccessAsync(changed);
        Assert.NotEqual(revision, changedBody.GetProperty("revision").GetString());
        Assert.Equal(3, changedBody.GetProperty("entries").GetArrayLength());
    }

    [Fact]
    public async Task Entries_Unauthenticated_IsUnauthorized()
    {
        using var response = await factory.Client.SendAsync(AgentApiFactory.Request(HttpMethod.Get, "/agent/v1/entries", "not-enrolled"), Cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task X509Svids_Batch_ChainsInRequestOrder()
    {
        factory.Enroll("i-x509");
        await factory.AddEntryAsync("x509-a", AgentApiFactory.AgentId("i-x509"));
        await factory.AddEntryAsync("x509-b", AgentApiFactory.AgentId("i-x509"), hint: "b");
        using var keyA = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var keyB = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var response = await PostAsync("/agent/v1/x509-svids", "i-x509", Batch(("x509-b", keyB), ("x509-a", keyA)));
        var body = await OAuthAssert.SuccessAsync(response);

        var svids = body.GetProperty("svids").EnumerateArray().ToList();
        Assert.Equal(["x509-b", "x509-a"], svids.Select(s => s.GetProperty("entry_id").GetString()));
        Assert.Equal("b", svids[0].GetProperty("hint").GetString());
        var chain = svids[0].GetProperty("x509_svid_chain").EnumerateArray().Select(c => Convert.FromBase64String(c.GetString()!)).ToList();
        Assert.True(chain.Count >= 2);
        using var leaf = X509CertificateLoader.LoadCertificate(chain[0]);
        Assert.Equal("spiffe://example.org/workload/x509-b", svids[0].GetProperty("spiffe_id").GetString());
        Assert.Contains("spiffe://example.org/workload/x509-b", leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().Format(false), StringComparison.Ordinal);
        Assert.True(leaf.PublicKey.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(keyB.ExportSubjectPublicKeyInfo()));
        Assert.Equal(leaf.NotAfter.ToUniversalTime(), svids[0].GetProperty("expires_at").GetDateTimeOffset().UtcDateTime);
    }

    [Fact]
    public async Task X509Svids_AnotherAgentsEntry_IsForbiddenAndNothingIsIssued()
    {
        factory.Enroll("i-thief");
        await factory.AddEntryAsync("thief-own", AgentApiFactory.AgentId("i-thief"));
        await factory.AddEntryAsync("victim-own", AgentApiFactory.AgentId("i-victim"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var response = await PostAsync("/agent/v1/x509-svids", "i-thief", Batch(("thief-own", key), ("victim-own", key)));

        await OAuthAssert.ErrorAsync(response, HttpStatusCode.Forbidden, "access_denied", AccessDenied);
        Assert.Contains(factory.Logs.Logs, l => l.EventId.Id == 2453 && l.AllText.Contains("victim-own", StringComparison.Ordinal));
        Assert.DoesNotContain(factory.Logs.Logs, l => l.EventId.Id == 2451 && l.AllText.Contains("thief-own", StringComparison.Ordinal));
    }

    [Fact]
    public async Task X509Svids_OneBadCsr_IsBadRequestAndNothingIsIssued()
    {
        factory.Enroll("i-badcsr");
        await factory.AddEntryAsync("badcsr-own", AgentApiFactory.AgentId("i-badcsr"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var tampered = Csr(key);
        tampered[^1] ^= 0x01;
        var json = $$"""{"requests":[{"entry_id":"badcsr-own","csr":"{{Convert.ToBase64String(Csr(key))}}"},{"entry_id":"badcsr-own","csr":"{{Convert.ToBase64String(tampered)}}"}]}""";

        using var response = await PostAsync("/agent/v1/x509-svids", "i-badcsr", json);

        await OAuthAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.Csr);
        Assert.DoesNotContain(factory.Logs.Logs, l => l.EventId.Id == 2451 && l.AllText.Contains("badcsr-own", StringComparison.Ordinal));
    }

    [Fact]
    public async Task X509Svids_TemplatedEntry_IsNotAvailable()
    {
        factory.Enroll("i-template");
        await factory.AddEntryAsync("template-own", AgentApiFactory.AgentId("i-template"), spiffeId: "spiffe://example.org/aws/{account}/app");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var response = await PostAsync("/agent/v1/x509-svids", "i-template", Batch(("template-own", key)));

        await OAuthAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_target", ErrorDescriptions.ResourceNotAvailable);
    }

    public static TheoryData<string> MalformedBatches()
    {
        var csr = Convert.ToBase64String(Csr(ECDsa.Create(ECCurve.NamedCurves.nistP256)));
        var item = $$"""{"entry_id":"shape-own","csr":"{{csr}}"}""";
        return new TheoryData<string>(
            $$"""{"requests":[{{item}}],"extra":1}""",
            $$"""{"requests":[{"entry_id":"shape-own","csr":"{{csr}}","ttl":60}]}""",
            $$"""{"requests":[{{item}}],"requests":[{{item}}]}""",
            """{"requests":[{"entry_id":"shape-own"}]}""",
            """{"requests":[{"entry_id":"shape-own","csr":"not base64!"}]}""",
            $$"""{"requests":[{"entry_id":null,"csr":"{{csr}}"}]}""",
            """{"requests":null}""",
            """{"requests":[null]}""",
            """{"requests":[]}""",
            "{\"requests\":[" + string.Join(",", Enumerable.Repeat(item, 51)) + "]}",
            """{}""",
            """[]""",
            """{"requests":[]""",
            $$"""{"requests":[{{item}}]} trailing""",
            "not json");
    }

    [Theory]
    [MemberData(nameof(MalformedBatches))]
    public async Task X509Svids_MalformedBody_IsBadRequest(string json)
    {
        factory.Enroll("i-shape");

        using var response = await PostAsync("/agent/v1/x509-svids", "i-shape", json);

        await OAuthAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.Malformed);
    }

    [Fact]
    public async Task X509Svids_WrongContentTypeOrQueryOrInvalidUtf8_IsBadRequest()
    {
        factory.Enroll("i-media");

        using var form = await factory.Client.SendAsync(
            AgentApiFactory.Request(HttpMethod.Post, "/agent/v1/x509-svids", "i-media", "{}", "application/x-www-form-urlencoded"), Cancel);
        using var query = await factory.Client.SendAsync(
            AgentApiFactory.Request(HttpMethod.Post, "/agent/v1/x509-svids?entry_id=x", "i-media", """{"requests":[]}"""), Cancel);
        using var utf8Request = AgentApiFactory.Request(HttpMethod.Post, "/agent/v1/x509-svids", "i-media");
        utf8Request.Content = new ByteArrayContent([.. "{\"requests\":[{\"entry_id\":\""u8, 0xC3, 0x28, .. "\",\"csr\":\"AA==\"}]}"u8]);
        utf8Request.Content.Headers.ContentType = new("application/json");
        using var utf8 = await factory.Client.SendAsync(utf8Request, Cancel);

        await OAuthAssert.ErrorAsync(form, HttpStatusCode.BadRequest, "invalid_request", "The request body must be application/json.");
        await OAuthAssert.ErrorAsync(query, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.Malformed);
        await OAuthAssert.ErrorAsync(utf8, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.Malformed);
    }

    [Fact]
    public async Task X509Svids_OversizedBody_IsTooLarge()
    {
        factory.Enroll("i-large");
        var json = "{\"requests\":[{\"entry_id\":\"" + new string('a', 600 * 1024) + "\",\"csr\":\"AA==\"}]}";

        using var response = await PostAsync("/agent/v1/x509-svids", "i-large", json);

        await OAuthAssert.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "invalid_request", ErrorDescriptions.TooLarge);
    }

    [Fact]
    public async Task JwtSvids_AllowedAudience_IssuesAVerifiableToken()
    {
        factory.Enroll("i-jwt", "aws_iid:tag:role:jwt");
        await factory.AddNodeSetAsync("jwt", "aws_iid:tag:role:jwt");
        await factory.AddEntryAsync("jwt-app", AgentApiFactory.NodeSetId("jwt"), ["ledger", "reports"]);

        using var response = await PostAsync("/agent/v1/jwt-svids", "i-jwt", """{"entry_id":"jwt-app","audience":["reports"]}""");
        var body = await OAuthAssert.SuccessAsync(response);

        var token = body.GetProperty("token").GetString()!;
        using var keys = await factory.Client.GetAsync("/keys", Cancel);
        var jwks = new JsonWebKeySet(await keys.Content.ReadAsStringAsync(Cancel));
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = BridgeFactory.BridgeIssuer,
            ValidAudience = "reports",
            IssuerSigningKeys = jwks.GetSigningKeys(),
            LifetimeValidator = (_, _, _, _) => true,
        });
        Assert.True(validation.IsValid, validation.Exception?.Message);
        Assert.Equal("spiffe://example.org/workload/jwt-app", ((JsonWebToken)validation.SecurityToken).Subject);
        Assert.Equal("spiffe://example.org/workload/jwt-app", body.GetProperty("spiffe_id").GetString());
        Assert.DoesNotContain(factory.Logs.Logs, l => l.AllText.Contains(token, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"entry_id":"aud-app","audience":["other"]}""", 400, "invalid_target", ErrorDescriptions.AudienceNotAllowed)]
    [InlineData("""{"entry_id":"aud-app","audience":[]}""", 400, "invalid_request", ErrorDescriptions.AudienceRequired)]
    [InlineData("""{"entry_id":"aud-app","audience":["ledger","ledger"]}""", 400, "invalid_request", ErrorDescriptions.Malformed)]
    [InlineData("""{"entry_id":"aud-app","audience":[""]}""", 400, "invalid_request", ErrorDescriptions.Malformed)]
    [InlineData("""{"entry_id":"aud-app","audience":[null]}""", 400, "invalid_request", ErrorDescriptions.Malformed)]
    [InlineData("""{"entry_id":"aud-app","audience":"ledger"}""", 400, "invalid_request", ErrorDescriptions.Malformed)]
    [InlineData("""{"entry_id":"aud-app","audience":["ledger"],"ttl":5}""", 400, "invalid_request", ErrorDescriptions.Malformed)]
    [InlineData("""{"audience":["ledger"]}""", 400, "invalid_request", ErrorDescriptions.Malformed)]
    [InlineData("""{"entry_id":"aud-theirs","audience":["ledger"]}""", 403, "access_denied", AccessDenied)]
    [InlineData("""{"entry_id":"no-such-entry","audience":["ledger"]}""", 403, "access_denied", AccessDenied)]
    public async Task JwtSvids_RefusedRequests(string json, int status, string error, string description)
    {
        factory.Enroll("i-aud");
        if (await factory.Registrations.GetAsync("aud-app", Cancel) is null)
        {
            await factory.AddEntryAsync("aud-app", AgentApiFactory.AgentId("i-aud"), ["ledger"]);
            await factory.AddEntryAsync("aud-theirs", AgentApiFactory.AgentId("i-other"), ["ledger"]);
        }

        using var response = await PostAsync("/agent/v1/jwt-svids", "i-aud", json);

        await OAuthAssert.ErrorAsync(response, (HttpStatusCode)status, error, description);
    }

    [Fact]
    public async Task JwtSvids_TooManyAudiences_IsBadRequest()
    {
        factory.Enroll("i-many");
        var audiences = string.Join(",", Enumerable.Range(0, 17).Select(i => $"\"a{i}\""));

        using var response = await PostAsync("/agent/v1/jwt-svids", "i-many", $$"""{"entry_id":"x","audience":[{{audiences}}]}""");

        await OAuthAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.Malformed);
    }

    [Fact]
    public async Task EveryRoute_StoreOutage_IsTemporarilyUnavailableWithRetryAfter()
    {
        factory.Enroll("i-outage");
        await factory.AddEntryAsync("outage-own", AgentApiFactory.AgentId("i-outage"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        factory.Store.Fault = new DependencyUnavailableException("store down");
        try
        {
            using var sync = await factory.Client.SendAsync(AgentApiFactory.Request(HttpMethod.Get, "/agent/v1/entries", "i-outage"), Cancel);
            using var x509 = await PostAsync("/agent/v1/x509-svids", "i-outage", Batch(("outage-own", key)));
            using var jwt = await PostAsync("/agent/v1/jwt-svids", "i-outage", """{"entry_id":"outage-own","audience":["svc"]}""");

            foreach (var response in new[] { sync, x509, jwt })
            {
                await OAuthAssert.ErrorAsync(response, HttpStatusCode.ServiceUnavailable, "temporarily_unavailable", ErrorDescriptions.Unavailable);
                Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
            }
        }
        finally
        {
            factory.Store.Fault = null;
        }

        using var recovered = await PostAsync("/agent/v1/x509-svids", "i-outage", Batch(("outage-own", key)));
        await OAuthAssert.SuccessAsync(recovered);
    }

    [Fact]
    public async Task EveryRoute_StoreBug_IsServerErrorLoggedAsError()
    {
        factory.Enroll("i-bug");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        factory.Store.Fault = new InvalidOperationException("agent store bug");
        try
        {
            using var sync = await factory.Client.SendAsync(AgentApiFactory.Request(HttpMethod.Get, "/agent/v1/entries", "i-bug"), Cancel);
            using var x509 = await PostAsync("/agent/v1/x509-svids", "i-bug", Batch(("bug-own", key)));
            using var jwt = await PostAsync("/agent/v1/jwt-svids", "i-bug", """{"entry_id":"bug-own","audience":["svc"]}""");

            foreach (var response in new[] { sync, x509, jwt })
            {
                var body = await OAuthAssert.ErrorAsync(response, HttpStatusCode.InternalServerError, "server_error", "The server encountered an unexpected condition.");
                Assert.DoesNotContain("agent store bug", body, StringComparison.Ordinal);
                Assert.Null(response.Headers.RetryAfter);
            }

            Assert.Equal(3, factory.Logs.Logs.Count(l => l.Level == LogLevel.Error && l.Exception?.Contains("agent store bug", StringComparison.Ordinal) == true));
        }
        finally
        {
            factory.Store.Fault = null;
        }
    }

    private Task<HttpResponseMessage> PostAsync(string path, string instance, string json) =>
        factory.Client.SendAsync(AgentApiFactory.Request(HttpMethod.Post, path, instance, json), Cancel);

    private static string Batch(params (string EntryId, ECDsa Key)[] requests) =>
        JsonSerializer.Serialize(new { requests = requests.Select(r => new { entry_id = r.EntryId, csr = Convert.ToBase64String(Csr(r.Key)) }) });

    private static byte[] Csr(ECDsa key) => new CertificateRequest("CN=workload", key, HashAlgorithmName.SHA256).CreateSigningRequest();
}
