using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Bridge.Authority.Agents;
using Bridge.Spiffe.Id;
using Bridge.Testing.Agents;
using Bridge.Testing.Oidc;

namespace Bridge.Authority.Tests.Agents;

public sealed class AgentAssertionAuthenticatorTests
{
    [Fact]
    public async Task AuthenticateAsync_ValidAssertion_ReturnsTheNodeRecord()
    {
        var (fixture, key, chain) = await AttestedAsync();

        var result = await fixture.AuthenticateAsync(fixture.Assertion(key, chain));

        Assert.True(result.Succeeded, result.Failure + " " + result.Detail);
        Assert.Equal(AgentIdentityFixture.AgentId, result.Node.AgentId);
    }

    [Fact]
    public async Task AuthenticateAsync_RsaAgentKey_Accepted()
    {
        var fixture = await new AgentIdentityFixture().InitializeAsync();
        using var key = RSA.Create(2048);
        var chain = AgentIdentityFixture.Chain(await fixture.AttestAsync(key));
        Assert.True((await fixture.AuthenticateAsync(fixture.Assertion(key, chain))).Succeeded);
    }

    [Fact]
    public async Task AuthenticateAsync_NoAssertion_Missing()
    {
        var (fixture, _, _) = await AttestedAsync();
        Assert.Equal(AgentAuthenticationFailure.Missing, (await fixture.AuthenticateAsync(null)).Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_WrongAudience_Refused()
    {
        var (fixture, key, chain) = await AttestedAsync();
        var assertion = fixture.Assertion(key, chain, audience: "https://other.example.org");
        Assert.Equal(AgentAuthenticationFailure.Malformed, (await fixture.AuthenticateAsync(assertion)).Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_WrongMethod_Refused()
    {
        var (fixture, key, chain) = await AttestedAsync();
        var assertion = fixture.Assertion(key, chain, method: "GET");
        Assert.Equal(AgentAuthenticationFailure.Malformed, (await fixture.AuthenticateAsync(assertion, method: "POST")).Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_WrongPath_Refused()
    {
        var (fixture, key, chain) = await AttestedAsync();
        var assertion = fixture.Assertion(key, chain, path: "/agent/v1/entries");
        Assert.Equal(AgentAuthenticationFailure.Malformed, (await fixture.AuthenticateAsync(assertion, path: "/agent/v1/renew")).Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_Expired_Refused()
    {
        var (fixture, key, chain) = await AttestedAsync();
        var assertion = fixture.Assertion(key, chain, lifetime: TimeSpan.FromSeconds(30));
        fixture.Time.Advance(TimeSpan.FromSeconds(30) + new AgentOptions().ClockSkew);
        Assert.Equal(AgentAuthenticationFailure.Expired, (await fixture.AuthenticateAsync(assertion)).Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_WithinSkewAfterExpiry_Accepted()
    {
        var (fixture, key, chain) = await AttestedAsync();
        var assertion = fixture.Assertion(key, chain, lifetime: TimeSpan.FromSeconds(30));
        fixture.Time.Advance(TimeSpan.FromSeconds(30) + new AgentOptions().ClockSkew - TimeSpan.FromSeconds(1));
        Assert.True((await fixture.AuthenticateAsync(assertion)).Succeeded);
    }

    [Fact]
    public async Task AuthenticateAsync_IssuedInTheFutureBeyondSkew_Refused()
    {
        var (fixture, key, chain) = await AttestedAsync();
        var assertion = fixture.Assertion(key, chain, issuedAt: fixture.Time.GetUtcNow() + new AgentOptions().ClockSkew + TimeSpan.FromSeconds(1));
        Assert.Equal(AgentAuthenticationFailure.Expired, (await fixture.AuthenticateAsync(assertion)).Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_LifetimeOverSixtySeconds_Refused()
    {
        var (fixture, key, chain) = await AttestedAsync();
        var assertion = fixture.Assertion(key, chain, lifetime: TimeSpan.FromSeconds(61));
        Assert.Equal(AgentAuthenticationFailure.Expired, (await fixture.AuthenticateAsync(assertion)).Failure);
        Assert.True((await fixture.AuthenticateAsync(fixture.Assertion(key, chain, lifetime: TimeSpan.FromSeconds(60)))).Succeeded);
    }

    [Fact]
    public async Task AuthenticateAsync_ReplayedJti_Refused()
    {
        var (fixture, key, chain) = await AttestedAsync();
        var assertion = fixture.Assertion(key, chain);
        Assert.True((await fixture.AuthenticateAsync(assertion)).Succeeded);
        Assert.Equal(AgentAuthenticationFailure.Replayed, (await fixture.AuthenticateAsync(assertion)).Failure);

        // A new assertion reusing the jti is the same replay.
        Assert.Equal(AgentAuthenticationFailure.Replayed, (await fixture.AuthenticateAsync(fixture.Assertion(key, chain, tokenId: JtiOf(assertion)))).Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_SignedByAnotherKey_InvalidSignature()
    {
        var (fixture, _, chain) = await AttestedAsync();
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Equal(AgentAuthenticationFailure.InvalidSignature, (await fixture.AuthenticateAsync(fixture.Assertion(attacker, chain))).Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_TamperedClaims_InvalidSignature()
    {
        var (fixture, key, chain) = await AttestedAsync();
        var parts = fixture.Assertion(key, chain, path: "/agent/v1/renew").Split('.');
        var claims = JsonNode.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])))!;
        claims["jti"] = "another";
        var forged = parts[0] + "." + OidcTokenFactory.Encode(claims.ToJsonString()) + "." + parts[2];
        Assert.Equal(AgentAuthenticationFailure.InvalidSignature, (await fixture.AuthenticateAsync(forged)).Failure);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("HS256")]
    [InlineData("PS256")]
    [InlineData("ES512")]
    public async Task AuthenticateAsync_AlgorithmNotAllowed_Malformed(string alg)
    {
        var (fixture, key, chain) = await AttestedAsync();
        var parts = fixture.Assertion(key, chain).Split('.');
        var header = JsonNode.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[0])))!;
        header["alg"] = alg;
        var token = OidcTokenFactory.Encode(header.ToJsonString()) + "." + parts[1] + "." + parts[2];
        Assert.Equal(AgentAuthenticationFailure.Malformed, (await fixture.AuthenticateAsync(token)).Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_WrongType_Malformed()
    {
        var (fixture, key, chain) = await AttestedAsync();
        var assertion = fixture.Assertions.Create(key, chain, "POST", "/agent/v1/renew", type: "JWT");
        Assert.Equal(AgentAuthenticationFailure.Malformed, (await fixture.AuthenticateAsync(assertion)).Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_ChainFromAnotherCa_InvalidSignature()
    {
        var (fixture, key, _) = await AttestedAsync();
        var record = await fixture.RecordAsync();

        // A look-alike: same agent ID, same serial as the record, issued by a CA the bundle does not hold.
        var other = await new AgentIdentityFixture().InitializeAsync();
        var foreign = AgentIdentityFixture.Chain(await other.AttestAsync(key));
        Assert.Equal(AgentAuthenticationFailure.InvalidSignature, (await fixture.AuthenticateAsync(fixture.Assertion(key, foreign))).Failure);

        using var selfSigned = SelfSignedAgentCertificate(key, record.SvidSerialNumber);
        Assert.Equal(AgentAuthenticationFailure.InvalidSignature, (await fixture.AuthenticateAsync(fixture.Assertion(key, [selfSigned]))).Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_WorkloadSvidOfTheTrustDomain_NotAnAgent()
    {
        var (fixture, key, _) = await AttestedAsync();
        var svid = await fixture.X509Issuer.IssueAsync(
            AgentAssertionFactory.Csr(key), SpiffeId.Parse("spiffe://example.org/payments"), [], TimeSpan.FromMinutes(10), CancellationToken.None);
        X509Certificate2[] chain = [svid.Leaf!, .. svid.Intermediates];
        Assert.Equal(AgentAuthenticationFailure.NotAnAgent, (await fixture.AuthenticateAsync(fixture.Assertion(key, chain))).Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_AgentSvidNeverRecorded_SerialMismatch()
    {
        // Our CA's SVID for the agent's own ID, but not the serial the record holds (e.g. a lost attestation race).
        var (fixture, key, _) = await AttestedAsync();
        var svid = await fixture.X509Issuer.IssueAsync(AgentAssertionFactory.Csr(key), AgentIdentityFixture.AgentId, [], TimeSpan.FromMinutes(10), CancellationToken.None);
        X509Certificate2[] chain = [svid.Leaf!, .. svid.Intermediates];
        Assert.Equal(AgentAuthenticationFailure.SerialMismatch, (await fixture.AuthenticateAsync(fixture.Assertion(key, chain))).Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_AnotherAgentsSvid_AuthenticatesAsThatAgentOnly()
    {
        var (fixture, key, _) = await AttestedAsync();
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var otherChain = AgentIdentityFixture.Chain(await fixture.AttestAsync(otherKey, instance: "i-0other"));

        var result = await fixture.AuthenticateAsync(fixture.Assertion(otherKey, otherChain));
        Assert.True(result.Succeeded);
        Assert.NotEqual(AgentIdentityFixture.AgentId, result.Node.AgentId);

        // The other agent's SVID signed by this agent's key: the signature check fails.
        Assert.Equal(AgentAuthenticationFailure.InvalidSignature, (await fixture.AuthenticateAsync(fixture.Assertion(key, otherChain))).Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_ExpiredSvid_Expired()
    {
        var (fixture, key, chain) = await AttestedAsync();
        fixture.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(AgentAuthenticationFailure.Expired, (await fixture.AuthenticateAsync(fixture.Assertion(key, chain))).Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_BannedAfterIssuance_Banned()
    {
        var (fixture, key, chain) = await AttestedAsync();
        await fixture.Nodes.BanAsync(AgentIdentityFixture.AgentId, CancellationToken.None);
        Assert.Equal(AgentAuthenticationFailure.Banned, (await fixture.AuthenticateAsync(fixture.Assertion(key, chain))).Failure);
        Assert.Contains(fixture.AuthenticatorLog.Entries, e => e.Contains(" 2421 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuthenticateAsync_EvictedNode_UnknownNode()
    {
        var (fixture, key, chain) = await AttestedAsync();
        await fixture.Nodes.DeleteAsync(AgentIdentityFixture.AgentId, null, CancellationToken.None);
        Assert.Equal(AgentAuthenticationFailure.UnknownNode, (await fixture.AuthenticateAsync(fixture.Assertion(key, chain))).Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_StoreDown_Unavailable()
    {
        var (fixture, key, chain) = await AttestedAsync();
        fixture.Nodes.Down = true;
        Assert.Equal(AgentAuthenticationFailure.Unavailable, (await fixture.AuthenticateAsync(fixture.Assertion(key, chain))).Failure);
    }

    [Fact]
    public async Task Renewal_LostResponse_OldSvidStillAuthenticatesThenTheNewOnePromotesAndSupersedesIt()
    {
        var (fixture, key, oldChain) = await AttestedAsync();
        var caller = await fixture.AuthenticateAsync(fixture.Assertion(key, oldChain));

        // The renewal's response is lost: the agent still holds only the old SVID.
        var lost = await fixture.Service.RenewAsync(caller.Node!, AgentAssertionFactory.Csr(key), CancellationToken.None);
        Assert.True(lost.Succeeded);
        var stillOld = await fixture.AuthenticateAsync(fixture.Assertion(key, oldChain));
        Assert.True(stillOld.Succeeded, stillOld.Failure.ToString());

        // It renews again with the old SVID and this time receives the new one.
        var renewed = await fixture.Service.RenewAsync(stillOld.Node!, AgentAssertionFactory.Csr(key), CancellationToken.None);
        var newChain = AgentIdentityFixture.Chain(renewed);
        Assert.Equal(AgentIdentityFixture.SerialOf(renewed), (await fixture.RecordAsync()).PendingSvidSerialNumber);

        var promoted = await fixture.AuthenticateAsync(fixture.Assertion(key, newChain));
        Assert.True(promoted.Succeeded, promoted.Failure.ToString());
        Assert.Equal(AgentIdentityFixture.SerialOf(renewed), promoted.Node.SvidSerialNumber);
        Assert.Null(promoted.Node.PendingSvidSerialNumber);
        Assert.Equal(promoted.Node, await fixture.RecordAsync());
        Assert.Contains(fixture.AuthenticatorLog.Entries, e => e.Contains(" 2422 ", StringComparison.Ordinal));

        // The old SVID is superseded, and so is the lost one.
        Assert.Equal(AgentAuthenticationFailure.SerialMismatch, (await fixture.AuthenticateAsync(fixture.Assertion(key, oldChain))).Failure);
        Assert.Equal(AgentAuthenticationFailure.SerialMismatch, (await fixture.AuthenticateAsync(fixture.Assertion(key, AgentIdentityFixture.Chain(lost)))).Failure);
    }

    [Fact]
    public async Task AuthenticateAsync_AssertionOrKeyNeverLogged()
    {
        var (fixture, key, chain) = await AttestedAsync();
        var assertion = fixture.Assertion(key, chain);
        await fixture.AuthenticateAsync(assertion);
        await fixture.AuthenticateAsync(assertion);
        var signature = assertion[(assertion.LastIndexOf('.') + 1)..];
        Assert.DoesNotContain(fixture.AuthenticatorLog.Entries, e => e.Contains(signature, StringComparison.Ordinal) || e.Contains(JtiOf(assertion), StringComparison.Ordinal));
    }

    private static async Task<(AgentIdentityFixture Fixture, ECDsa Key, X509Certificate2[] Chain)> AttestedAsync()
    {
        var fixture = await new AgentIdentityFixture().InitializeAsync();
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (fixture, key, AgentIdentityFixture.Chain(await fixture.AttestAsync(key)));
    }

    private static string JtiOf(string assertion) =>
        JsonNode.Parse(Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(assertion.Split('.')[1])))!["jti"]!.GetValue<string>();

    private static X509Certificate2 SelfSignedAgentCertificate(ECDsa key, string serialHex)
    {
        var request = new CertificateRequest("O=SPIFFE", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(AgentIdentityFixture.AgentId.ToString()));
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var now = DateTimeOffset.UtcNow;
        return request.Create(request.SubjectName, X509SignatureGenerator.CreateForECDsa(key), now.AddMinutes(-5), now.AddHours(1), Convert.FromHexString(serialHex));
    }
}
