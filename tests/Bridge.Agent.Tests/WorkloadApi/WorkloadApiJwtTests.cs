using System.Security.Cryptography;
using System.Text;
using Bridge.Agent.Server;
using Bridge.Agent.WorkloadApi;
using Grpc.Core;
using Microsoft.IdentityModel.Tokens;

namespace Bridge.Agent.Tests.WorkloadApi;

public sealed class WorkloadApiJwtTests
{
    private static readonly string[] Mine = ["unix:uid:0"];

    [Fact]
    public async Task FetchJwtSvid_ReturnsOneTokenPerEntitledIdentity_ThatValidateJwtSvidAccepts()
    {
        await using var host = await WorkloadApiHost.StartAsync();
        host.Cache.Publish([host.TrustDomain.Identity("/web", Mine, hint: "web"), host.TrustDomain.Identity("/db", Mine), host.TrustDomain.Identity("/x", ["unix:uid:7"])]);
        var client = host.Client();

        var fetched = await client.FetchJWTSVIDAsync(new JWTSVIDRequest { Audience = { "ledger", "ledger" } }, cancellationToken: TestContext.Current.CancellationToken);
        var validated = await client.ValidateJWTSVIDAsync(new ValidateJWTSVIDRequest { Audience = "ledger", Svid = fetched.Svids[0].Svid }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["spiffe://example.org/web", "spiffe://example.org/db"], fetched.Svids.Select(s => s.SpiffeId));
        Assert.Equal("web", fetched.Svids[0].Hint);
        Assert.Equal("spiffe://example.org/web", validated.SpiffeId);
        Assert.Equal("spiffe://example.org/web", validated.Claims.Fields["sub"].StringValue);
        Assert.Equal("ledger", Assert.Single(validated.Claims.Fields["aud"].ListValue.Values).StringValue);
        Assert.Equal(3, validated.Claims.Fields["team"].StructValue.Fields["size"].NumberValue);
        Assert.True(validated.Claims.Fields["exp"].NumberValue > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task FetchJwtSvid_WithASpiffeId_ReturnsOnlyThatIdentity_AndDeniesOneTheCallerIsNotEntitledTo()
    {
        await using var host = await WorkloadApiHost.StartAsync();
        host.Cache.Publish([host.TrustDomain.Identity("/web", Mine), host.TrustDomain.Identity("/db", Mine), host.TrustDomain.Identity("/x", ["unix:uid:7"])]);
        var client = host.Client();

        var one = await client.FetchJWTSVIDAsync(new JWTSVIDRequest { Audience = { "a" }, SpiffeId = "spiffe://example.org/db" }, cancellationToken: TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<RpcException>(() => client.FetchJWTSVIDAsync(
            new JWTSVIDRequest { Audience = { "a" }, SpiffeId = "spiffe://example.org/x" }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal("spiffe://example.org/db", Assert.Single(one.Svids).SpiffeId);
        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("no identity issued", error.Status.Detail);
    }

    [Theory]
    [InlineData(new string[0], "", "audience must be specified")]
    [InlineData(new[] { "" }, "", "audience must be specified")]
    [InlineData(new[] { "a" }, "not-a-spiffe-id", "invalid requested SPIFFE ID")]
    public async Task FetchJwtSvid_WithABadRequest_IsInvalidArgument(string[] audience, string spiffeId, string detail)
    {
        await using var host = await WorkloadApiHost.StartAsync();
        host.Cache.Publish([host.TrustDomain.Identity("/web", Mine)]);

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client().FetchJWTSVIDAsync(
            new JWTSVIDRequest { Audience = { audience }, SpiffeId = spiffeId }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(detail, error.Status.Detail);
    }

    [Fact]
    public async Task FetchJwtSvid_WhenTheServerCannotMint_IsUnavailable()
    {
        await using var host = await WorkloadApiHost.StartAsync();
        host.Cache.Publish([host.TrustDomain.Identity("/web", Mine)]);
        host.Cache.JwtFailure = new AgentServerException(AgentServerFailure.Unavailable, "POST /agent/v1/jwt-svids answered 503", 503);

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client().FetchJWTSVIDAsync(
            new JWTSVIDRequest { Audience = { "a" } }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.DoesNotContain("503", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnaryCalls_BeforeTheFirstSync_AreUnavailable()
    {
        await using var host = await WorkloadApiHost.StartAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client().FetchJWTSVIDAsync(
            new JWTSVIDRequest { Audience = { "a" } }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Fact]
    public async Task ValidateJwtSvid_RefusesAForgedToken_OneForAnotherAudience_AndAnExpiredOne()
    {
        await using var host = await WorkloadApiHost.StartAsync();
        host.Cache.Publish([host.TrustDomain.Identity("/web", Mine)]);
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var id = "spiffe://example.org/web";
        string[] tokens =
        [
            host.TrustDomain.SignJwtSvid(id, ["ledger"], DateTimeOffset.UtcNow.AddMinutes(5), key: forger),
            host.TrustDomain.SignJwtSvid(id, ["other"], DateTimeOffset.UtcNow.AddMinutes(5)),
            host.TrustDomain.SignJwtSvid(id, ["ledger"], DateTimeOffset.UtcNow.AddMinutes(-5)),
            host.TrustDomain.SignJwtSvid("spiffe://evil.org/web", ["ledger"], DateTimeOffset.UtcNow.AddMinutes(5)),
            "not.a.jwt",
        ];

        foreach (var token in tokens)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => host.Client().ValidateJWTSVIDAsync(
                new ValidateJWTSVIDRequest { Audience = "ledger", Svid = token }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        }
    }

    [Theory]
    [InlineData("", "x.y.z", "audience must be specified")]
    [InlineData("ledger", "", "svid must be specified")]
    public async Task ValidateJwtSvid_WithoutAudienceOrToken_IsInvalidArgument(string audience, string svid, string detail)
    {
        await using var host = await WorkloadApiHost.StartAsync();
        host.Cache.Publish([host.TrustDomain.Identity("/web", Mine)]);

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client().ValidateJWTSVIDAsync(
            new ValidateJWTSVIDRequest { Audience = audience, Svid = svid }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(detail, error.Status.Detail);
        Assert.Equal(0, host.Attestation.Calls);
    }

    [Fact]
    public async Task JwtBundles_AreAJwksOfTheJwtKeysOnly_ThatAnIndependentJoseLibraryReads()
    {
        await using var host = await WorkloadApiHost.StartAsync();
        host.Cache.Publish([host.TrustDomain.Identity("/web", Mine)]);
        using var call = host.Client().FetchJWTBundles(new JWTBundlesRequest(), cancellationToken: TestContext.Current.CancellationToken);

        var response = await WorkloadApiX509Tests.NextAsync(call);

        var (trustDomain, jwks) = Assert.Single(response.Bundles);
        Assert.Equal("spiffe://example.org", trustDomain);
        var set = new JsonWebKeySet(Encoding.UTF8.GetString(jwks.Span));
        var key = Assert.Single(set.Keys);
        Assert.Equal(TestTrustDomain.JwtKeyId, key.Kid);
        Assert.Equal("jwt-svid", key.Use);
        Assert.Empty(key.X5c);
        var parameters = host.TrustDomain.JwtKey.ExportParameters(false);
        Assert.Equal(Base64UrlEncoder.Encode(parameters.Q.X), key.X);
    }
}
