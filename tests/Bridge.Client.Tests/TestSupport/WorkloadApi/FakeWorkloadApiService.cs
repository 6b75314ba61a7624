using Grpc.Core;

namespace Bridge.Client.Tests.TestSupport.WorkloadApi;

/// <summary>The specification's service, answered from a <see cref="FakeWorkloadApi"/>.</summary>
public sealed class FakeWorkloadApiService(FakeWorkloadApi fake) : SpiffeWorkloadAPI.SpiffeWorkloadAPIBase
{
    public override Task FetchX509SVID(X509SVIDRequest request, IServerStreamWriter<X509SVIDResponse> responseStream, ServerCallContext context)
    {
        fake.Saw(context);
        return fake.StreamX509Async(responseStream, context.CancellationToken);
    }

    public override Task<JWTSVIDResponse> FetchJWTSVID(JWTSVIDRequest request, ServerCallContext context)
    {
        fake.Saw(context);
        return Task.FromResult(fake.JwtSvids(request) ?? throw new RpcException(new Status(StatusCode.PermissionDenied, "no identity issued")));
    }

    public override async Task FetchJWTBundles(JWTBundlesRequest request, IServerStreamWriter<JWTBundlesResponse> responseStream, ServerCallContext context)
    {
        fake.Saw(context);
        if (fake.JwtBundles is { } bundles)
        {
            await responseStream.WriteAsync(bundles, context.CancellationToken);
        }

        await Task.Delay(Timeout.Infinite, context.CancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public override Task<ValidateJWTSVIDResponse> ValidateJWTSVID(ValidateJWTSVIDRequest request, ServerCallContext context)
    {
        fake.Saw(context);
        return Task.FromResult(fake.Validate(request) ?? throw new RpcException(new Status(StatusCode.InvalidArgument, "invalid token")));
    }
}
