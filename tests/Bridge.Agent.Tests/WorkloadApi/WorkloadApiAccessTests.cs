using Bridge.Agent.WorkloadApi;
using Grpc.Core;

namespace Bridge.Agent.Tests.WorkloadApi;

/// <summary>The security header, attestation and entitlement checks every method goes through.</summary>
public sealed class WorkloadApiAccessTests
{
    private static readonly string[] Served = ["FetchX509SVID", "FetchX509Bundles", "FetchJWTBundles", "FetchJWTSVID", "ValidateJWTSVID"];

    public static TheoryData<string> ServedMethods => new(Served);

    public static TheoryData<string> Methods => new([.. Served, "FetchWITSVID"]);

    public static TheoryData<string, string?> MethodsAndBadHeaders()
    {
        var data = new TheoryData<string, string?>();
        foreach (var method in (string[])[.. Served, "FetchWITSVID"])
        {
            data.Add(method, null);
            data.Add(method, "True");
            data.Add(method, "true ");
            data.Add(method, "1");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MethodsAndBadHeaders))]
    public async Task EveryMethod_WithoutTheExactSecurityHeader_IsInvalidArgument_BeforeAttestation(string method, string? header)
    {
        await using var host = await WorkloadApiHost.StartAsync();
        host.Cache.Publish([host.TrustDomain.Identity("/web", ["unix:uid:0"])]);

        var error = await Assert.ThrowsAsync<RpcException>(() => CallAsync(host.Client(header), method, "x"));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(SecurityHeaderInterceptor.MissingHeaderMessage, error.Status.Detail);
        Assert.Equal(0, host.Attestation.Calls);
    }

    [Fact]
    public async Task TheSecurityHeaderSentTwice_IsInvalidArgument()
    {
        await using var host = await WorkloadApiHost.StartAsync();
        host.Cache.Publish([host.TrustDomain.Identity("/web", ["unix:uid:0"])]);

        var error = await Assert.ThrowsAsync<RpcException>(() => host.Client().FetchJWTSVIDAsync(
            new JWTSVIDRequest { Audience = { "x" } }, new Metadata { { "workload.spiffe.io", "true" } }, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }

    [Theory]
    [MemberData(nameof(ServedMethods))]
    public async Task EveryMethod_ForACallerMatchingNoEntry_IsPermissionDeniedWithNothingElse(string method)
    {
        await using var host = await WorkloadApiHost.StartAsync();
        host.Cache.Publish([host.TrustDomain.Identity("/web", ["unix:uid:1000"])]);
        var token = host.TrustDomain.SignJwtSvid("spiffe://example.org/web", ["x"], DateTimeOffset.UtcNow.AddMinutes(5));

        var error = await Assert.ThrowsAsync<RpcException>(() => CallAsync(host.Client(), method, token));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("no identity issued", error.Status.Detail);
        Assert.Equal(1, host.Attestation.Calls);
    }

    [Theory]
    [MemberData(nameof(ServedMethods))]
    public async Task EveryMethod_WhenAttestationFails_IsPermissionDeniedWithoutTheReason(string method)
    {
        await using var host = await WorkloadApiHost.StartAsync();
        host.Cache.Publish([host.TrustDomain.Identity("/web", ["unix:uid:0"])]);
        host.Attestation.Fail = true;

        var error = await Assert.ThrowsAsync<RpcException>(() => CallAsync(host.Client(), method, "x"));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal("no identity issued", error.Status.Detail);
    }

    [Fact]
    public async Task WitSvid_IsUnimplemented()
    {
        await using var host = await WorkloadApiHost.StartAsync();
        host.Cache.Publish([host.TrustDomain.Identity("/web", ["unix:uid:0"])]);

        var error = await Assert.ThrowsAsync<RpcException>(() => CallAsync(host.Client(), "FetchWITSVID", "x"));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    private static async Task CallAsync(SpiffeWorkloadAPI.SpiffeWorkloadAPIClient client, string method, string token)
    {
        var cancellation = TestContext.Current.CancellationToken;
        switch (method)
        {
            case "FetchX509SVID":
                await FirstAsync(client.FetchX509SVID(new X509SVIDRequest(), cancellationToken: cancellation));
                break;
            case "FetchX509Bundles":
                await FirstAsync(client.FetchX509Bundles(new X509BundlesRequest(), cancellationToken: cancellation));
                break;
            case "FetchJWTBundles":
                await FirstAsync(client.FetchJWTBundles(new JWTBundlesRequest(), cancellationToken: cancellation));
                break;
            case "FetchWITSVID":
                await FirstAsync(client.FetchWITSVID(new WITSVIDRequest(), cancellationToken: cancellation));
                break;
            case "FetchJWTSVID":
                await client.FetchJWTSVIDAsync(new JWTSVIDRequest { Audience = { "x" } }, cancellationToken: cancellation);
                break;
            case "ValidateJWTSVID":
                await client.ValidateJWTSVIDAsync(new ValidateJWTSVIDRequest { Audience = "x", Svid = token }, cancellationToken: cancellation);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(method));
        }
    }

    private static async Task FirstAsync<T>(AsyncServerStreamingCall<T> call)
    {
        using (call)
        {
            await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken);
        }
    }
}
