using Bridge.LambdaHosting.Events;
using Bridge.LambdaHosting.Runtime;
using Bridge.LambdaHosting.Server;

namespace Bridge.LambdaHosting.Tests.Server;

public sealed class HttpApiV2RequestMapperTests
{
    [Theory]
    [InlineData("/prod/token", "prod", true, "/prod", "/token")]
    [InlineData("/prod", "prod", true, "/prod", "/")]
    [InlineData("/production/token", "prod", true, "", "/production/token")]
    [InlineData("/token", "$default", true, "", "/token")]
    [InlineData("/prod/token", "prod", false, "", "/prod/token")]
    public void Map_Stage_SplitsWholeFirstSegmentOnly(string rawPath, string stage, bool strip, string expectedPathBase, string expectedPath)
    {
        using var features = new LambdaInvocationFeatures(new CancellationTokenSource());

        var problem = HttpApiV2RequestMapper.Map(Request(rawPath, stage), Invocation(), features, strip);

        Assert.Null(problem);
        Assert.Equal(expectedPathBase, features.PathBase);
        Assert.Equal(expectedPath, features.Path);
    }

    [Fact]
    public void Map_EventContentLengthDisagrees_UsesDecodedLength()
    {
        using var features = new LambdaInvocationFeatures(new CancellationTokenSource());
        var request = new HttpApiV2Request
        {
            Version = "2.0",
            RawPath = "/x",
            Body = Convert.ToBase64String([1, 2, 3]),
            IsBase64Encoded = true,
            Headers = new Dictionary<string, string> { ["content-length"] = "999", ["transfer-encoding"] = "chunked" },
            RequestContext = new HttpApiV2RequestContext { Http = new HttpApiV2HttpDescription { Method = "POST" } },
        };

        HttpApiV2RequestMapper.Map(request, Invocation(), features, stripStagePrefix: true);

        Assert.Equal(3, features.RequestHeaders.ContentLength);
        Assert.False(features.RequestHeaders.ContainsKey("transfer-encoding"));
        Assert.True(features.CanHaveBody);
    }

    [Fact]
    public void Map_UnparsableSourceIp_LeavesRemoteAddressUnset()
    {
        using var features = new LambdaInvocationFeatures(new CancellationTokenSource());
        var request = new HttpApiV2Request
        {
            Version = "2.0",
            RawPath = "/x",
            RequestContext = new HttpApiV2RequestContext { Http = new HttpApiV2HttpDescription { Method = "GET", SourceIp = "not-an-ip" } },
        };

        HttpApiV2RequestMapper.Map(request, Invocation(), features, stripStagePrefix: true);

        Assert.Null(features.RemoteIpAddress);
        Assert.False(features.CanHaveBody);
    }

    private static HttpApiV2Request Request(string rawPath, string stage) => new()
    {
        Version = "2.0",
        RawPath = rawPath,
        RequestContext = new HttpApiV2RequestContext { Stage = stage, Http = new HttpApiV2HttpDescription { Method = "GET" } },
    };

    private static LambdaInvocation Invocation() => new("req-1", null, null, null, []);
}
