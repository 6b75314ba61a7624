using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Bridge.Testing;
using Bridge.Testing.Agents;
using Bridge.Testing.Oidc;

namespace Bridge.ExchangeFunction.Tests.Agents;

public sealed class AgentApiTests : IDisposable
{
    private const string Refused = "The node may not attest again; an operator must evict it first.";
    private const string EvidenceRejected = "The attestation evidence is invalid or not acceptable.";
    private const string InvalidToken = "The agent assertion is missing, invalid or not acceptable.";
    private const string AccessDenied = "The agent is not allowed to perform this request.";

    private readonly AgentBridgeFactory _factory = new();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    [Fact]
    public async Task Attest_FirstAttestation_ReturnsAnAgentSvidThatChainsToTheReturnedBundle()
    {
        var body = await OAuthAssert.SuccessAsync(await _factory.AttestAsync(_key));

        Assert.Equal(AgentBridgeFactory.AgentId.ToString(), body.GetProperty("spiffe_id").GetString());
        var chain = AgentBridgeFactory.ChainOf(body);
        var roots = body.GetProperty("trust_bundle").EnumerateArray().Select(c => X509CertificateLoader.LoadCertificate(Convert.FromBase64String(c.GetString()!))).ToArray();
        Assert.Equal(new DateTimeOffset(chain[0].NotAfter).ToUnixTimeSeconds(), body.GetProperty("expires_at").GetInt64());

        using var x509 = new X509Chain();
        x509.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        x509.ChainPolicy.CustomTrustStore.AddRange(roots);
        x509.ChainPolicy.ExtraStore.AddRange(chain[1..]);
        x509.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(x509.Build(chain[0]), string.Join(", ", x509.ChainStatus.Select(s => s.StatusInformation)));

        var directory = Directory.CreateTempSubdirectory("bridge-agent-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "roots.pem"), string.Concat(roots.Select(r => r.ExportCertificatePem() + "\n")), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "chain.pem"), string.Concat(chain[1..].Select(r => r.ExportCertificatePem() + "\n")), TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "leaf.pem"), chain[0].ExportCertificatePem(), TestContext.Current.CancellationToken);
            var openssl = await ExternalTool.RunAsync(
                "openssl", directory.FullName, ["verify", "-x509_strict", "-CAfile", "roots.pem", "-untrusted", "chain.pem", "leaf.pem"], TestContext.Current.CancellationToken);
            Assert.True(openssl.ExitCode == 0, openssl.Output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }

        var record = await _factory.RecordAsync();
        Assert.Equal(chain[0].SerialNumber.ToLowerInvariant(), record!.SvidSerialNumber);
    }

    [Fact]
    public async Task Attest_SecondTime_RefusedAsTrustOnFirstUse()
    {
        await _factory.AttestedChainAsync(_key);
        await OAuthAssert.ErrorAsync(await _factory.AttestAsync(_key), HttpStatusCode.Forbidden, "access_denied", Refused);
    }

    [Fact]
    public async Task Attest_NewerPendingTime_Reattests()
    {
        var first = await _factory.AttestedChainAsync(_key);
        var second = await _factory.AttestedChainAsync(_key, pending: AgentBridgeFactory.Pending.AddMinutes(1));
        Assert.NotEqual(first[0].SerialNumber, second[0].SerialNumber);
        Assert.Equal(second[0].SerialNumber.ToLowerInvariant(), (await _factory.RecordAsync())!.SvidSerialNumber);
    }

    [Fact]
    public async Task Attest_StsTokenNamingTheInstance_ReattestsOnce()
    {
        await _factory.AttestedChainAsync(_key);
        var token = StsToken(StubNodeAttestor.InstanceArn(AgentBridgeFactory.Instance));

        await OAuthAssert.SuccessAsync(await _factory.AttestAsync(_key, webIdentityToken: token));

        // The same token again is a replay.
        await OAuthAssert.ErrorAsync(await _factory.AttestAsync(_key, webIdentityToken: token), HttpStatusCode.Forbidden, "access_denied", Refused);
    }

    [Fact]
    public async Task Attest_StsTokenNamingAnotherInstance_Refused()
    {
        await _factory.AttestedChainAsync(_key);
        var token = StsToken(StubNodeAttestor.InstanceArn("i-0other"));
        await OAuthAssert.ErrorAsync(await _factory.AttestAsync(_key, webIdentityToken: token), HttpStatusCode.Forbidden, "access_denied", Refused);
    }

    [Fact]
    public async Task Attest_TokenFromANonStsIssuer_Refused()
    {
        await _factory.AttestedChainAsync(_key);

        // A trusted issuer of the Generic profile, even with the same claims: only the STS profile vouches for the instance.
        var other = new OidcTokenFactory(BridgeFactory.OtherIssuerUrl, BridgeFactory.BridgeAudience, _factory.OtherIssuerKey, _factory.Time);
        var claims = other.StsClaims(aws: ns => ns["ec2_source_instance_arn"] = StubNodeAttestor.InstanceArn(AgentBridgeFactory.Instance));
        claims["ec2_source_instance_arn"] = StubNodeAttestor.InstanceArn(AgentBridgeFactory.Instance);
        await OAuthAssert.ErrorAsync(
            await _factory.AttestAsync(_key, webIdentityToken: other.Create(claims)), HttpStatusCode.Forbidden, "access_denied", Refused);
    }

    [Fact]
    public async Task Attest_BannedNode_RefusedEvenWithNewerEvidence()
    {
        await _factory.AttestedChainAsync(_key);
        await _factory.Nodes.BanAsync(AgentBridgeFactory.AgentId, CancellationToken.None);
        await OAuthAssert.ErrorAsync(
            await _factory.AttestAsync(_key, pending: AgentBridgeFactory.Pending.AddDays(1)), HttpStatusCode.Forbidden, "access_denied", AccessDenied);
    }

    [Fact]
    public async Task Attest_EvidenceRejected_GenericError()
    {
        _factory.NodeAttestor.Failure = Abstractions.Attestation.AttestationFailureKind.InvalidSignature;
        await OAuthAssert.ErrorAsync(await _factory.AttestAsync(_key), HttpStatusCode.BadRequest, "invalid_request", EvidenceRejected);
    }

    [Fact]
    public async Task Attest_AttestorUnavailable_RetryAfter()
    {
        _factory.NodeAttestor.Failure = Abstractions.Attestation.AttestationFailureKind.Unavailable;
        var response = await _factory.AttestAsync(_key);
        await OAuthAssert.ErrorAsync(response, HttpStatusCode.ServiceUnavailable, "temporarily_unavailable", ErrorDescriptions.Unavailable);
        Assert.Equal("2", response.Headers.RetryAfter?.ToString());
    }

    [Fact]
    public async Task Attest_StoreDown_RetryAfterAndNothingWritten()
    {
        _factory.Nodes.Down = true;
        var response = await _factory.AttestAsync(_key);
        await OAuthAssert.ErrorAsync(response, HttpStatusCode.ServiceUnavailable, "temporarily_unavailable", ErrorDescriptions.Unavailable);
        Assert.Equal("2", response.Headers.RetryAfter?.ToString());
        _factory.Nodes.Down = false;
        Assert.Null(await _factory.RecordAsync());
        Assert.Equal(0, _factory.Nodes.Writes);
    }

    [Theory]
    [InlineData("""{"attestor":"gcp_iit","evidence":{},"csr":"AA"}""", "invalid_request")]
    [InlineData("""{"attestor":"aws_iid","evidence":"text","csr":"AA"}""", "invalid_request")]
    [InlineData("""{"attestor":"aws_iid","evidence":{},"csr":"AA","extra":1}""", "invalid_request")]
    [InlineData("""{"attestor":"aws_iid","attestor":"aws_iid","evidence":{},"csr":"AA"}""", "invalid_request")]
    [InlineData("""{"attestor":"aws_iid","evidence":{}}""", "invalid_request")]
    [InlineData("""[1]""", "invalid_request")]
    [InlineData("""null""", "invalid_request")]
    [InlineData("""{"attestor":"aws_iid","evidence":{""", "invalid_request")]
    public async Task Attest_MalformedBody_BadRequest(string body, string error)
    {
        var response = await _factory.Client.PostAsync("/agent/v1/attest", AgentBridgeFactory.Json(body), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(error, JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("error").GetString());
        Assert.Equal(0, _factory.NodeAttestor.Calls);
    }

    [Fact]
    public async Task Attest_InvalidUtf8InsideTheEvidence_BadRequestNot500()
    {
        // The evidence is kept as raw JSON for the attestor; bytes that are not UTF-8 inside it must be refused as at
        // every other member, not fail later when the object is read as text (found by AgentApiFuzzTests).
        var json = AgentBridgeFactory.AttestationBody(_key);
        var at = json.IndexOf("\"instance\":\"", StringComparison.Ordinal) + "\"instance\":\"".Length;
        var utf8 = System.Text.Encoding.UTF8.GetBytes(json[..at]).Concat(new byte[] { 0xC3, 0x28 }).Concat(System.Text.Encoding.UTF8.GetBytes(json[at..])).ToArray();
        using var content = new ByteArrayContent(utf8);
        content.Headers.ContentType = new("application/json");

        var response = await _factory.Client.PostAsync("/agent/v1/attest", content, TestContext.Current.CancellationToken);

        await OAuthAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.Malformed);
        Assert.Equal(0, _factory.NodeAttestor.Calls);
        Assert.Equal(0, _factory.Nodes.Writes);
    }

    [Fact]
    public async Task Attest_BadCsr_BadRequestAndNothingWritten()
    {
        var body = AgentBridgeFactory.AttestationBody(_key).Replace("\"csr\":\"", "\"csr\":\"AAAA", StringComparison.Ordinal);
        var response = await _factory.Client.PostAsync("/agent/v1/attest", AgentBridgeFactory.Json(body), TestContext.Current.CancellationToken);
        await OAuthAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", ErrorDescriptions.Csr);
        Assert.Equal(0, _factory.Nodes.Writes);
    }

    [Fact]
    public async Task Attest_NotJson_BadRequest()
    {
        var response = await _factory.Client.PostAsync(
            "/agent/v1/attest", new StringContent(AgentBridgeFactory.AttestationBody(_key), System.Text.Encoding.UTF8, "text/plain"), TestContext.Current.CancellationToken);
        await OAuthAssert.ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request", "The request body must be application/json.");
    }

    [Fact]
    public async Task Attest_OversizedBody_RefusedBeforeParsing()
    {
        var body = "{\"attestor\":\"aws_iid\",\"evidence\":{\"pad\":\"" + new string('a', 70 * 1024) + "\"},\"csr\":\"AA\"}";
        var response = await _factory.Client.PostAsync("/agent/v1/attest", AgentBridgeFactory.Json(body), TestContext.Current.CancellationToken);
        await OAuthAssert.ErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "invalid_request", ErrorDescriptions.TooLarge);
    }

    [Fact]
    public async Task Renew_NoAssertion_Unauthorized()
    {
        var chain = await _factory.AttestedChainAsync(_key);
        var request = new HttpRequestMessage(HttpMethod.Post, "/agent/v1/renew") { Content = AgentBridgeFactory.Json("{\"csr\":\"AA\"}") };
        var response = await _factory.Client.SendAsync(request, TestContext.Current.CancellationToken);
        await OAuthAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "invalid_token", InvalidToken);
        Assert.Equal("BridgeAgent error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        Assert.Single(chain[..1]);
    }

    [Fact]
    public async Task Renew_LostResponse_OldSvidStillWorksThenTheNewOnePromotes()
    {
        var oldChain = await _factory.AttestedChainAsync(_key);

        // The first renewal's answer never reaches the agent.
        await OAuthAssert.SuccessAsync(await _factory.RenewAsync(_key, oldChain));
        var renewed = await OAuthAssert.SuccessAsync(await _factory.RenewAsync(_key, oldChain));
        Assert.Equal(AgentBridgeFactory.AgentId.ToString(), renewed.GetProperty("spiffe_id").GetString());
        var newChain = AgentBridgeFactory.ChainOf(renewed);
        var record = await _factory.RecordAsync();
        Assert.Equal(oldChain[0].SerialNumber.ToLowerInvariant(), record!.SvidSerialNumber);
        Assert.Equal(newChain[0].SerialNumber.ToLowerInvariant(), record.PendingSvidSerialNumber);

        // Presenting the new SVID promotes it; the old one stops working.
        await OAuthAssert.SuccessAsync(await _factory.RenewAsync(_key, newChain));
        Assert.Equal(newChain[0].SerialNumber.ToLowerInvariant(), (await _factory.RecordAsync())!.SvidSerialNumber);
        await OAuthAssert.ErrorAsync(await _factory.RenewAsync(_key, oldChain), HttpStatusCode.Unauthorized, "invalid_token", InvalidToken);
    }

    [Fact]
    public async Task Renew_AssertionForAnotherRoute_Unauthorized()
    {
        var chain = await _factory.AttestedChainAsync(_key);
        var assertion = _factory.Assertions.Create(_key, chain, "POST", "/agent/v1/x509-svids");
        await OAuthAssert.ErrorAsync(await _factory.RenewAsync(_key, chain, assertion), HttpStatusCode.Unauthorized, "invalid_token", InvalidToken);
    }

    [Fact]
    public async Task Renew_BannedNode_Forbidden()
    {
        var chain = await _factory.AttestedChainAsync(_key);
        await _factory.Nodes.BanAsync(AgentBridgeFactory.AgentId, CancellationToken.None);
        await OAuthAssert.ErrorAsync(await _factory.RenewAsync(_key, chain), HttpStatusCode.Forbidden, "access_denied", AccessDenied);
    }

    [Fact]
    public async Task Renew_StoreDown_RetryAfter()
    {
        var chain = await _factory.AttestedChainAsync(_key);
        _factory.Nodes.Down = true;
        var response = await _factory.RenewAsync(_key, chain);
        await OAuthAssert.ErrorAsync(response, HttpStatusCode.ServiceUnavailable, "temporarily_unavailable", ErrorDescriptions.Unavailable);
        Assert.Equal("2", response.Headers.RetryAfter?.ToString());
    }

    public void Dispose()
    {
        _key.Dispose();
        _factory.Dispose();
    }

    private string StsToken(string instanceArn) =>
        _factory.Tokens.Create(_factory.Tokens.StsClaims(rolePath: "role/node", aws: ns => ns["ec2_source_instance_arn"] = instanceArn));
}
