using Bridge.Client.Tests.TestSupport.WorkloadApi;
using Bridge.Client.WorkloadApi;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.Jwt;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Client.Tests.WorkloadApi;

/// <summary><see cref="WorkloadApiJwtSource"/> and <see cref="WorkloadApiJwtBundleSource"/> against a fake agent on a real Unix socket.</summary>
public sealed class WorkloadApiJwtSourceTests : IAsyncLifetime
{
    private const string WorkloadA = "spiffe://example.org/workload-a";
    private const string WorkloadB = "spiffe://example.org/workload-b";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly TestJwt _jwt = new();
    private FakeWorkloadApiServer _server = null!;
    private WorkloadApiClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeWorkloadApiServer.StartAsync();
        _client = new WorkloadApiClient(new WorkloadApiOptions { Address = _server.Address });
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        _jwt.Dispose();
    }

    [Fact]
    public async Task Fetch_ReturnsTheTokenForTheAudience_AsAJwtSvid_AndSendsTheHeader()
    {
        JWTSVIDRequest? seen = null;
        _server.Fake.JwtSvids = request =>
        {
            seen = request;
            return Response((WorkloadA, _jwt.Sign(WorkloadA, request.Audience, _time.GetUtcNow().AddMinutes(5))));
        };
        var source = new WorkloadApiJwtSource(_client, _time);

        var svid = await source.FetchJwtSvidAsync(["sts.amazonaws.com", "ledger"], cancellationToken: Ct);

        Assert.Equal(SpiffeId.Parse(WorkloadA), svid.Id);
        Assert.Equal(["sts.amazonaws.com", "ledger"], svid.Audience);
        Assert.Equal(["sts.amazonaws.com", "ledger"], seen!.Audience);
        Assert.Equal(string.Empty, seen.SpiffeId);
        Assert.Equal("true", Assert.Single(_server.Fake.SecurityHeaders));
    }

    [Fact]
    public async Task Fetch_WithSubject_AsksForIt_AndPicksIt()
    {
        _server.Fake.JwtSvids = request => Response(
            (WorkloadA, _jwt.Sign(WorkloadA, request.Audience, _time.GetUtcNow().AddMinutes(5))),
            (WorkloadB, _jwt.Sign(WorkloadB, request.Audience, _time.GetUtcNow().AddMinutes(5))));

        var svid = await new WorkloadApiJwtSource(_client, _time).FetchJwtSvidAsync(["ledger"], SpiffeId.Parse(WorkloadB), Ct);

        Assert.Equal(SpiffeId.Parse(WorkloadB), svid.Id);
    }

    [Theory]
    [InlineData("wrong-audience")]
    [InlineData("expired")]
    [InlineData("subject-mismatch")]
    [InlineData("garbage")]
    [InlineData("none")]
    public async Task Fetch_ATokenNotForThisRequest_IsRefused(string defect)
    {
        _server.Fake.JwtSvids = request => defect switch
        {
            "wrong-audience" => Response((WorkloadA, _jwt.Sign(WorkloadA, ["other"], _time.GetUtcNow().AddMinutes(5)))),
            "expired" => Response((WorkloadA, _jwt.Sign(WorkloadA, request.Audience, _time.GetUtcNow().AddMinutes(-1)))),
            "subject-mismatch" => Response((WorkloadA, _jwt.Sign(WorkloadB, request.Audience, _time.GetUtcNow().AddMinutes(5)))),
            "garbage" => Response((WorkloadA, "a.b.c")),
            _ => new JWTSVIDResponse(),
        };

        var error = await Assert.ThrowsAsync<WorkloadApiException>(() => new WorkloadApiJwtSource(_client, _time).FetchJwtSvidAsync(["ledger"], cancellationToken: Ct).AsTask());

        Assert.Equal(StatusCode.Internal, error.StatusCode);
    }

    [Fact]
    public async Task Fetch_PermissionDenied_SurfacesTheCode()
    {
        var error = await Assert.ThrowsAsync<WorkloadApiException>(() => new WorkloadApiJwtSource(_client, _time).FetchJwtSvidAsync(["ledger"], cancellationToken: Ct).AsTask());

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Validate_AsksTheAgent_AndReturnsTheClaims()
    {
        var token = _jwt.Sign(WorkloadB, ["ledger"], _time.GetUtcNow().AddMinutes(5));
        _server.Fake.Validate = request => request.Svid == token && request.Audience == "ledger" ? new ValidateJWTSVIDResponse { SpiffeId = WorkloadB } : null;
        var source = new WorkloadApiJwtSource(_client, _time);

        var svid = await source.ValidateJwtSvidAsync(token, "ledger", Ct);
        var refused = await Assert.ThrowsAsync<WorkloadApiException>(() => source.ValidateJwtSvidAsync(token + "x", "ledger", Ct).AsTask());

        Assert.Equal(SpiffeId.Parse(WorkloadB), svid.Id);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
    }

    [Fact]
    public async Task Bundles_AreStreamed_AndValidateTokensLocally()
    {
        _server.Fake.JwtBundles = new JWTBundlesResponse { Bundles = { ["spiffe://example.org"] = ByteString.CopyFromUtf8(_jwt.Jwks()) } };
        await using var bundles = new WorkloadApiJwtBundleSource(_client, _time);

        await bundles.GetJwtBundlesAsync(Ct);
        var result = JwtSvidValidator.Validate(_jwt.Sign(WorkloadA, ["ledger"], _time.GetUtcNow().AddMinutes(5)), bundles, "ledger", _time.GetUtcNow());

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(_jwt.KeyId, Assert.Single(bundles.GetJwtBundleForTrustDomain(TrustDomain.Parse("example.org"))!.Authorities).Key);
    }

    private static JWTSVIDResponse Response(params (string SpiffeId, string Token)[] svids)
    {
        var response = new JWTSVIDResponse();
        response.Svids.Add(svids.Select(s => new JWTSVID { SpiffeId = s.SpiffeId, Svid = s.Token }));
        return response;
    }
}
