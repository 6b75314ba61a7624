using System.Text;
using System.Text.Json;
using Bridge.Testing.Lambda;
using Microsoft.AspNetCore.Builder;

namespace Bridge.LambdaHosting.Tests.Server;

/// <summary>The Lambda server end to end: a real ASP.NET Core app, a fake Runtime API on loopback, HTTP API 2.0 events.</summary>
public sealed class LambdaServerTests : IAsyncLifetime
{
    private LambdaTestApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await LambdaTestApp.StartAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    [InlineData("delete")]
    public async Task Invoke_Method_ReachesApplication(string method)
    {
        var echo = (await _app.InvokeAsync(HttpApiV2Event.Create(method, "/echo/x"))).Echo();

        Assert.Equal(method.ToUpperInvariant(), echo.GetProperty("method").GetString());
    }

    [Fact]
    public async Task Invoke_RawPathAndQuery_MapToPathQueryAndRawTarget()
    {
        var echo = (await _app.InvokeAsync(HttpApiV2Event.Create("GET", "/echo/a%20b/c%2Fd", "a=1&a=2&b=x%26y"))).Echo();

        Assert.Equal("/echo/a b/c%2Fd", echo.GetProperty("path").GetString());
        Assert.Equal("/echo/a%20b/c%2Fd?a=1&a=2&b=x%26y", echo.GetProperty("rawTarget").GetString());
        Assert.Equal("?a=1&a=2&b=x%26y", echo.GetProperty("queryString").GetString());
        Assert.Equal("1,2", echo.GetProperty("queryA").GetString());
        Assert.Equal("https", echo.GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task Invoke_NamedStage_MovesStageToPathBase()
    {
        var echo = (await _app.InvokeAsync(HttpApiV2Event.Create("GET", "/prod/echo/x", stage: "prod"))).Echo();

        Assert.Equal("/prod", echo.GetProperty("pathBase").GetString());
        Assert.Equal("/echo/x", echo.GetProperty("path").GetString());
    }

    [Fact]
    public async Task Invoke_CommaJoinedHeader_ArrivesAsOneValue()
    {
        var headers = new Dictionary<string, string> { ["Accept"] = "text/plain,application/json", ["x-custom"] = "v" };

        var echo = (await _app.InvokeAsync(HttpApiV2Event.Create("GET", "/echo/h", headers: headers))).Echo();

        var echoed = echo.GetProperty("headers");
        Assert.Equal("text/plain,application/json", echoed.GetProperty("accept").GetString());
        Assert.Equal("v", echoed.GetProperty("x-custom").GetString());
    }

    [Fact]
    public async Task Invoke_CookiesArray_BecomesCookieHeader()
    {
        var echo = (await _app.InvokeAsync(HttpApiV2Event.Create("GET", "/echo/c", cookies: ["a=1", "b=two"]))).Echo();

        Assert.Equal("a=1; b=two", echo.GetProperty("headers").GetProperty("cookie").GetString());
        Assert.Equal("1", echo.GetProperty("cookies").GetProperty("a").GetString());
        Assert.Equal("two", echo.GetProperty("cookies").GetProperty("b").GetString());
    }

    [Fact]
    public async Task Invoke_Base64Body_IsDecoded()
    {
        byte[] body = [0x00, 0xFF, 0x10, 0x80];

        var echo = (await _app.InvokeAsync(HttpApiV2Event.Create("POST", "/echo/b", body: body, base64: true))).Echo();

        Assert.Equal(Convert.ToBase64String(body), echo.GetProperty("bodyBase64").GetString());
        Assert.Equal(body.Length, echo.GetProperty("contentLength").GetInt64());
    }

    [Fact]
    public async Task Invoke_TextBody_IsUtf8()
    {
        var body = Encoding.UTF8.GetBytes("grant_type=x&ä=ö");
        var headers = new Dictionary<string, string> { ["content-type"] = "application/x-www-form-urlencoded" };

        var echo = (await _app.InvokeAsync(HttpApiV2Event.Create("POST", "/echo/t", headers: headers, body: body))).Echo();

        Assert.Equal(Convert.ToBase64String(body), echo.GetProperty("bodyBase64").GetString());
        Assert.Equal(body.Length, echo.GetProperty("contentLength").GetInt64());
    }

    [Fact]
    public async Task Invoke_SourceIp_BecomesRemoteIpAddress()
    {
        var echo = (await _app.InvokeAsync(HttpApiV2Event.Create("GET", "/echo/ip", sourceIp: "198.51.100.23"))).Echo();

        Assert.Equal("198.51.100.23", echo.GetProperty("remoteIp").GetString());
    }

    [Fact]
    public async Task Invoke_TraceId_PropagatedToHeaderAndEnvironment()
    {
        const string trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
        var headers = new Dictionary<string, string> { ["x-amzn-trace-id"] = "Root=1-from-gateway" };

        var echo = (await _app.InvokeAsync(HttpApiV2Event.Create("GET", "/echo/trace", headers: headers), traceId: trace)).Echo();

        Assert.Equal(trace, echo.GetProperty("headers").GetProperty("x-amzn-trace-id").GetString());
        Assert.Equal(trace, echo.GetProperty("traceEnvironment").GetString());
    }

    [Fact]
    public async Task Invoke_RequestId_IsTraceIdentifier()
    {
        var requestId = _app.Runtime.Enqueue(HttpApiV2Event.Create("GET", "/echo/id"));
        var echo = LambdaResponse.Parse(await _app.Runtime.WaitForResultAsync(requestId, TestContext.Current.CancellationToken)).Echo();

        Assert.Equal(requestId, echo.GetProperty("traceIdentifier").GetString());
    }

    [Fact]
    public async Task Invoke_BinaryResponse_IsBase64()
    {
        var response = await _app.InvokeAsync(HttpApiV2Event.Create("GET", "/binary"));

        Assert.True(response.IsBase64Encoded);
        Assert.Equal([0x00, 0x01, 0xFE, 0xFF], response.BodyBytes);
        Assert.Equal("application/octet-stream", response.Headers["content-type"]);
        Assert.False(response.Headers.ContainsKey("content-length"));
    }

    [Theory]
    [InlineData("/text", "grüße")]
    [InlineData("/json", "{\"a\":1}")]
    public async Task Invoke_TextualResponse_IsPlainText(string path, string expected)
    {
        var response = await _app.InvokeAsync(HttpApiV2Event.Create("GET", path));

        Assert.False(response.IsBase64Encoded);
        Assert.Equal(expected, response.Body);
    }

    [Fact]
    public async Task Invoke_SetCookies_BecomeCookiesArrayAndMultiValueHeadersAreJoined()
    {
        var response = await _app.InvokeAsync(HttpApiV2Event.Create("GET", "/cookies"));

        Assert.Equal(["session=s1; path=/; httponly", "theme=dark; path=/"], response.Cookies);
        Assert.False(response.Headers.ContainsKey("set-cookie"));
        Assert.Equal("one,two", response.Headers["x-multi"]);
    }

    [Theory]
    [InlineData(201)]
    [InlineData(404)]
    [InlineData(503)]
    public async Task Invoke_StatusCode_IsPassedThrough(int status)
    {
        var response = await _app.InvokeAsync(HttpApiV2Event.Create("GET", $"/status/{status}"));

        Assert.Equal(status, response.StatusCode);
    }

    [Fact]
    public async Task Invoke_UnknownRoute_Is404()
    {
        var response = await _app.InvokeAsync(HttpApiV2Event.Create("GET", "/nowhere"));

        Assert.Equal(404, response.StatusCode);
    }

    [Fact]
    public async Task Invoke_UnhandledException_Is500WithoutDetailsAndLoopContinues()
    {
        var failed = await _app.InvokeAsync(HttpApiV2Event.Create("GET", "/throw"));
        var next = await _app.InvokeAsync(HttpApiV2Event.Create("GET", "/text"));

        Assert.Equal(500, failed.StatusCode);
        Assert.Empty(failed.Body);
        Assert.Empty(failed.Headers);
        Assert.DoesNotContain("secret", failed.Raw, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperation", failed.Raw, StringComparison.Ordinal);
        Assert.Equal(200, next.StatusCode);
    }

    [Fact]
    public async Task Invoke_DeadlinePasses_CancelsRequestAborted()
    {
        var deadline = _app.Time.GetUtcNow().AddSeconds(3);
        var requestId = _app.Runtime.Enqueue(HttpApiV2Event.Create("GET", "/slow"), deadline);
        await _app.Signals.SlowStarted.Task.WaitAsync(TestContext.Current.CancellationToken);

        _app.Time.Advance(TimeSpan.FromSeconds(4));
        var response = LambdaResponse.Parse(await _app.Runtime.WaitForResultAsync(requestId, TestContext.Current.CancellationToken));

        Assert.Equal(504, response.StatusCode);
    }

    [Fact]
    public async Task Invoke_DeadlineAhead_RequestNotAborted()
    {
        var echo = (await _app.InvokeAsync(HttpApiV2Event.Create("GET", "/echo/d"), _app.Time.GetUtcNow().AddSeconds(30))).Echo();

        Assert.False(echo.GetProperty("aborted").GetBoolean());
    }

    [Fact]
    public async Task Invoke_OnCompletedCallback_RunsBeforeResponseIsPosted()
    {
        await _app.InvokeAsync(HttpApiV2Event.Create("GET", "/completed"));

        Assert.True(_app.Signals.OnCompletedRan.Task.IsCompleted);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"version\":\"1.0\",\"httpMethod\":\"GET\",\"path\":\"/echo/x\"}")]
    [InlineData("{\"version\":\"2.0\",\"rawPath\":\"/echo/x\",\"requestContext\":{\"http\":{}}}")]
    [InlineData("{\"version\":\"2.0\",\"rawPath\":\"/x\",\"body\":\"***\",\"isBase64Encoded\":true,\"requestContext\":{\"http\":{\"method\":\"POST\"}}}")]
    public async Task Invoke_NotAnHttpApiV2Event_PostsInvocationErrorAndLoopContinues(string eventJson)
    {
        var result = await _app.InvokeRawAsync(eventJson);
        var next = await _app.InvokeAsync(HttpApiV2Event.Create("GET", "/text"));

        Assert.True(result.IsError);
        Assert.Equal("Runtime.InvalidEvent", result.ErrorType);
        using var error = JsonDocument.Parse(result.Body);
        Assert.Equal("InvalidEvent", error.RootElement.GetProperty("errorType").GetString());
        Assert.False(string.IsNullOrEmpty(error.RootElement.GetProperty("errorMessage").GetString()));
        Assert.Equal(200, next.StatusCode);
    }
}
