using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Bridge.Client.Evidence;
using Bridge.Client.Exchange;
using Bridge.Client.Tests.TestSupport;
using Bridge.Spiffe.Svid.X509;

namespace Bridge.Client.Tests.Exchange;

/// <summary>The exchange client against the real service: success, every refusal, and no retry of a refusal.</summary>
public sealed class BridgeExchangeClientTests(ExchangeHost host) : IClassFixture<ExchangeHost>
{
    private const string InvalidSubject = "The subject token is invalid or not acceptable.";

    [Fact]
    public async Task RequestJwtSvid_RegisteredRole_ReturnsSvidWithIdAudienceAndExpiry()
    {
        var id = await host.RegisterAsync("JwtHappy");
        var tokens = host.TokensFor("JwtHappy");
        var test = host.CreateExchangeClient(tokens);

        var svid = await test.Client.RequestJwtSvidAsync(["ledger"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(id, svid.SpiffeId);
        Assert.Equal(host.Time.GetUtcNow(), svid.IssuedAt);
        Assert.Equal(host.Time.GetUtcNow().AddMinutes(5), svid.ExpiresAt);
        using var claims = JsonDocument.Parse(Base64UrlDecode(svid.Token.Split('.')[1]));
        Assert.Equal(id.ToString(), claims.RootElement.GetProperty("sub").GetString());
        Assert.Equal("ledger", claims.RootElement.GetProperty("aud")[0].GetString());
        Assert.DoesNotContain(svid.Token, svid.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, tokens.Calls);
    }

    [Fact]
    public async Task RequestJwtSvid_Ttl_IsSentAsUpperBound()
    {
        await host.RegisterAsync("JwtTtl");
        var test = host.CreateExchangeClient(host.TokensFor("JwtTtl"));

        var svid = await test.Client.RequestJwtSvidAsync(["ledger"], ttl: TimeSpan.FromSeconds(60), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(TimeSpan.FromSeconds(60), svid.ExpiresAt - svid.IssuedAt);
    }

    [Fact]
    public async Task RequestX509Svid_Csr_ReturnsChainVerifiedAgainstReturnedBundle()
    {
        var id = await host.RegisterAsync("X509Happy");
        var test = host.CreateExchangeClient(host.TokensFor("X509Happy"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=x", key, HashAlgorithmName.SHA256).CreateSigningRequest();

        var svid = await test.Client.RequestX509SvidAsync(csr, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(id, svid.SpiffeId);
        Assert.Equal(2, svid.Chain.Count);
        Assert.NotEmpty(svid.TrustBundle.Authorities);
        Assert.True(X509SvidVerifier.Verify(svid.Chain, svid.TrustBundle, host.Time.GetUtcNow()).IsValid);
        using var issuedKey = svid.Leaf.GetECDsaPublicKey();
        Assert.Equal(key.ExportSubjectPublicKeyInfo(), issuedKey!.ExportSubjectPublicKeyInfo());
        Assert.Equal(new DateTimeOffset(svid.Leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero), svid.ExpiresAt);
    }

    [Fact]
    public async Task RequestJwtSvid_UnregisteredCaller_InvalidRequestWithoutRetry()
    {
        var tokens = host.TokensFor("NobodyRegisteredThis");
        var test = host.CreateExchangeClient(tokens);

        var ex = await Assert.ThrowsAsync<BridgeExchangeException>(
            () => test.Client.RequestJwtSvidAsync(["ledger"], cancellationToken: TestContext.Current.CancellationToken));

        AssertRefused(ex, HttpStatusCode.BadRequest, "invalid_request", test, tokens);
        Assert.Equal(InvalidSubject, ex.ErrorDescription);
    }

    [Fact]
    public async Task RequestJwtSvid_ReplayedToken_InvalidRequestWithoutRetry()
    {
        await host.RegisterAsync("Replay");
        var token = host.Tokens.Create(host.Tokens.StsClaims(ExchangeHost.Account, "role/Replay"));
        var first = host.CreateExchangeClient(new StaticSubjectTokenProvider(token));
        await first.Client.RequestJwtSvidAsync(["ledger"], cancellationToken: TestContext.Current.CancellationToken);
        var tokens = new StaticSubjectTokenProvider(token);
        var second = host.CreateExchangeClient(tokens);

        var ex = await Assert.ThrowsAsync<BridgeExchangeException>(
            () => second.Client.RequestJwtSvidAsync(["ledger"], cancellationToken: TestContext.Current.CancellationToken));

        AssertRefused(ex, HttpStatusCode.BadRequest, "invalid_request", second, tokens);
        Assert.Equal(InvalidSubject, ex.ErrorDescription);
    }

    [Fact]
    public async Task RequestJwtSvid_AudienceNotAllowed_InvalidTargetWithoutRetry()
    {
        await host.RegisterAsync("Audience");
        var tokens = host.TokensFor("Audience");
        var test = host.CreateExchangeClient(tokens);

        var ex = await Assert.ThrowsAsync<BridgeExchangeException>(
            () => test.Client.RequestJwtSvidAsync(["not-allowed"], cancellationToken: TestContext.Current.CancellationToken));

        AssertRefused(ex, HttpStatusCode.BadRequest, "invalid_target", test, tokens);
        Assert.Equal("A requested audience is not allowed.", ex.ErrorDescription);
    }

    [Fact]
    public async Task RequestJwtSvid_ResourceNotAvailable_InvalidTargetWithoutRetry()
    {
        await host.RegisterAsync("Resource");
        var tokens = host.TokensFor("Resource");
        var test = host.CreateExchangeClient(tokens);

        var ex = await Assert.ThrowsAsync<BridgeExchangeException>(
            () => test.Client.RequestJwtSvidAsync(["ledger"], ExchangeHost.RoleId("SomeoneElse"), cancellationToken: TestContext.Current.CancellationToken));

        AssertRefused(ex, HttpStatusCode.BadRequest, "invalid_target", test, tokens);
        Assert.Equal("The requested resource is not available.", ex.ErrorDescription);
    }

    [Fact]
    public async Task RequestJwtSvid_SeveralIdentitiesWithoutResource_InvalidRequest_AndResourcePicksOne()
    {
        await host.RegisterAsync("Several", "workload/one");
        var two = await host.RegisterAsync("Several", "workload/two");
        var tokens = host.TokensFor("Several");
        var test = host.CreateExchangeClient(tokens);

        var ex = await Assert.ThrowsAsync<BridgeExchangeException>(
            () => test.Client.RequestJwtSvidAsync(["ledger"], cancellationToken: TestContext.Current.CancellationToken));
        var svid = await test.Client.RequestJwtSvidAsync(["ledger"], two, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("invalid_request", ex.Error);
        Assert.Equal("More than one identity is available; name the one wanted with the resource parameter.", ex.ErrorDescription);
        Assert.Equal(two, svid.SpiffeId);
    }

    [Fact]
    public async Task RequestX509Svid_MalformedCsr_InvalidRequestWithoutRetry()
    {
        await host.RegisterAsync("BadCsr");
        var tokens = host.TokensFor("BadCsr");
        var test = host.CreateExchangeClient(tokens);

        var ex = await Assert.ThrowsAsync<BridgeExchangeException>(
            () => test.Client.RequestX509SvidAsync(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 }, cancellationToken: TestContext.Current.CancellationToken));

        AssertRefused(ex, HttpStatusCode.BadRequest, "invalid_request", test, tokens);
        Assert.Equal("The certificate signing request is invalid or uses an unsupported key.", ex.ErrorDescription);
    }

    [Fact]
    public async Task RequestJwtSvid_UnsupportedSubjectTokenType_InvalidRequestWithoutRetry()
    {
        var tokens = new StaticSubjectTokenProvider(() => "a.b.c", "urn:example:unknown");
        var test = host.CreateExchangeClient(tokens);

        var ex = await Assert.ThrowsAsync<BridgeExchangeException>(
            () => test.Client.RequestJwtSvidAsync(["ledger"], cancellationToken: TestContext.Current.CancellationToken));

        AssertRefused(ex, HttpStatusCode.BadRequest, "invalid_request", test, tokens);
        Assert.Equal("The subject token type is not supported.", ex.ErrorDescription);
    }

    [Fact]
    public async Task RequestJwtSvid_BodyOverLimit_413InvalidRequestWithoutRetry()
    {
        var tokens = new StaticSubjectTokenProvider(() => new string('a', 70 * 1024));
        var test = host.CreateExchangeClient(tokens);

        var ex = await Assert.ThrowsAsync<BridgeExchangeException>(
            () => test.Client.RequestJwtSvidAsync(["ledger"], cancellationToken: TestContext.Current.CancellationToken));

        AssertRefused(ex, HttpStatusCode.RequestEntityTooLarge, "invalid_request", test, tokens);
    }

    [Fact]
    public async Task RequestJwtSvid_ServerError_IsNotRetried()
    {
        var tokens = host.TokensFor("ServerError");
        var test = host.CreateExchangeClient(tokens);
        test.Handler.Script.Enqueue(() => Json(HttpStatusCode.InternalServerError, """{"error":"server_error","error_description":"x"}"""));

        var ex = await Assert.ThrowsAsync<BridgeExchangeException>(
            () => test.Client.RequestJwtSvidAsync(["ledger"], cancellationToken: TestContext.Current.CancellationToken));

        AssertRefused(ex, HttpStatusCode.InternalServerError, "server_error", test, tokens);
    }

    [Fact]
    public async Task RequestJwtSvid_SuccessBodyWithoutSpiffeId_InvalidResponse()
    {
        var test = host.CreateExchangeClient(host.TokensFor("Garbage"));
        test.Handler.Script.Enqueue(() => Json(HttpStatusCode.OK,
            """{"access_token":"a.b.c","issued_token_type":"urn:ietf:params:oauth:token-type:jwt","expires_in":300}"""));

        var ex = await Assert.ThrowsAsync<BridgeExchangeException>(
            () => test.Client.RequestJwtSvidAsync(["ledger"], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(BridgeExchangeException.InvalidResponse, ex.Error);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public async Task RequestJwtSvid_CancelledByCaller_ThrowsOperationCanceled()
    {
        var test = host.CreateExchangeClient(host.TokensFor("Cancelled"));
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => test.Client.RequestJwtSvidAsync(["ledger"], cancellationToken: cancel.Token));
    }

    internal static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private static void AssertRefused(
        BridgeExchangeException ex, HttpStatusCode status, string error, ExchangeHost.TestClient test, StaticSubjectTokenProvider tokens)
    {
        Assert.Equal(error, ex.Error);
        Assert.Equal(status, ex.StatusCode);
        Assert.False(ex.IsTransient);
        Assert.Equal(1, test.Handler.Requests);
        Assert.Equal(1, tokens.Calls);
        Assert.Empty(test.Delays);
    }

    private static byte[] Base64UrlDecode(string text) => System.Buffers.Text.Base64Url.DecodeFromChars(text);
}
