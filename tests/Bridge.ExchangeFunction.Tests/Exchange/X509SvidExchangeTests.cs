using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.ExchangeFunction.Tests.TestSupport;
using Bridge.Spiffe.Bundle;
using Bridge.Spiffe.Svid.X509;

namespace Bridge.ExchangeFunction.Tests.Exchange;

/// <summary>An X.509-SVID through <c>POST /token</c>, verified against the published trust bundle.</summary>
public sealed class X509SvidExchangeTests(BridgeFactory factory) : IClassFixture<BridgeFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> CsrEncodings => ["pem", "base64url-der"];

    [Theory]
    [MemberData(nameof(CsrEncodings))]
    public async Task Token_P256Csr_IssuesSvidForTheCsrKey(string encoding)
    {
        var role = "Worker-" + encoding;
        await factory.RegisterAsync(role, dnsNames: ["worker.internal"], hint: "worker");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = encoding == "pem" ? Csrs.Pem(key) : Csrs.Base64Url(key);

        using var response = await factory.Client.PostTokenAsync(TokenRequest.X509(factory.StsToken(role), csr));

        var body = await OAuthAssert.SuccessAsync(response);
        using var svid = X509Response.From(body);
        var spiffeId = $"spiffe://example.org/aws/123456789012/role/{role}";
        Assert.Equal("N_A", body.GetProperty("token_type").GetString());
        Assert.Equal(TokenRequest.X509SvidType, body.GetProperty("issued_token_type").GetString());
        Assert.Equal(spiffeId, body.GetProperty("spiffe_id").GetString());
        Assert.Equal("worker", body.GetProperty("hint").GetString());
        Assert.Equal(3600, body.GetProperty("expires_in").GetInt64());
        Assert.Equal(2, svid.Chain.Length);
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), svid.Leaf.PublicKey.ExportSubjectPublicKeyInfo());
        var (uris, dnsNames) = svid.LeafNames();
        Assert.Equal([spiffeId], uris);
        Assert.Equal(["worker.internal"], dnsNames);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", body.GetProperty("access_token").GetString(), StringComparison.Ordinal);
        Assert.Equal(svid.Chain.Select(c => c.ExportCertificatePem() + "\n"), SplitPem(body.GetProperty("access_token").GetString()!));
    }

    [Fact]
    public async Task Token_X509Svid_ChainValidatesAgainstTrustBundleAndBundleEndpoint()
    {
        await factory.RegisterAsync("Chain");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var response = await factory.Client.PostTokenAsync(TokenRequest.X509(factory.StsToken("Chain"), Csrs.Pem(key)));
        using var svid = X509Response.From(await OAuthAssert.SuccessAsync(response));
        var bundle = SpiffeBundleDocument.Parse(
            BridgeFactory.TrustDomain, await factory.Client.GetStringAsync(new Uri("/bundle", UriKind.Relative), Ct));

        Assert.Equal(
            bundle.X509Authorities.Select(c => c.Thumbprint).Order(StringComparer.Ordinal),
            svid.TrustBundle.Select(c => c.Thumbprint).Order(StringComparer.Ordinal));

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(svid.TrustBundle);
        chain.ChainPolicy.ExtraStore.AddRange(svid.Chain[1..]);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = factory.Time.GetUtcNow().UtcDateTime;
        Assert.True(chain.Build(svid.Leaf), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));

        var verified = X509SvidVerifier.Verify(svid.Chain, bundle, factory.Time.GetUtcNow());
        Assert.True(verified.IsValid, verified.Error);
        Assert.Equal("spiffe://example.org/aws/123456789012/role/Chain", verified.Id.ToString());
    }

    [Fact]
    public async Task Token_X509ForStoredEntryWithWildcardOverTld_Is400InvalidTargetNot500()
    {
        // The InMemory backend, like DynamoDB, keeps entries as written: this one predates (or bypassed) the DNS rule.
        await factory.RegisterAsync("WildTld", dnsNames: ["*.com"], audiences: ["ledger"]);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var x509 = await factory.Client.PostTokenAsync(TokenRequest.X509(factory.StsToken("WildTld"), Csrs.Pem(key)));
        using var jwt = await factory.Client.PostTokenAsync(TokenRequest.Jwt(factory.StsToken("WildTld"), "ledger"));

        await OAuthAssert.ErrorAsync(x509, System.Net.HttpStatusCode.BadRequest, "invalid_target", ErrorDescriptions.ResourceNotAvailable);
        await OAuthAssert.SuccessAsync(jwt);
    }

    private static IEnumerable<string> SplitPem(string pem) =>
        pem.Split("-----END CERTIFICATE-----\n", StringSplitOptions.RemoveEmptyEntries).Select(p => p + "-----END CERTIFICATE-----\n");
}
