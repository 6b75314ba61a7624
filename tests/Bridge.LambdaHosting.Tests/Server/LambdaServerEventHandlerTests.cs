using System.Text;
using System.Text.Json;
using Bridge.Testing.Lambda;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.LambdaHosting.Tests.Server;

/// <summary>Non-HTTP invocations (a scheduled event) go to <see cref="ILambdaEventHandler"/>s; HTTP events never do.</summary>
public sealed class LambdaServerEventHandlerTests
{
    [Fact]
    public async Task Invoke_RecognisedEvent_PostsHandlerResponse()
    {
        await using var app = await StartAsync(new PingHandler());

        var result = await app.InvokeRawAsync("""{"bridge":"ping"}""");

        Assert.False(result.IsError);
        Assert.Equal("""{"pong":true}""", result.Body);
    }

    [Fact]
    public async Task Invoke_UnrecognisedNonHttpEvent_IsAnInvalidEventError()
    {
        await using var app = await StartAsync(new PingHandler());

        var result = await app.InvokeRawAsync("""{"source":"aws.events","detail":{}}""");

        Assert.True(result.IsError);
        Assert.Equal("Runtime.InvalidEvent", result.ErrorType);
    }

    [Fact]
    public async Task Invoke_HttpEventWithHandlersRegistered_RunsThroughTheApplication()
    {
        var handler = new PingHandler();
        await using var app = await StartAsync(handler);

        var response = await app.InvokeAsync(HttpApiV2Event.Create("GET", "/text"));

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task Invoke_HandlerThrows_InvocationErrorWithoutDetails()
    {
        await using var app = await StartAsync(new ThrowingHandler());

        var result = await app.InvokeRawAsync("""{"bridge":"ping"}""");

        Assert.True(result.IsError);
        Assert.Equal("Function.HandlerFailed", result.ErrorType);
        Assert.DoesNotContain("secret-detail", result.Body, StringComparison.Ordinal);
    }

    private static async Task<LambdaTestApp> StartAsync(ILambdaEventHandler handler)
    {
        var app = await LambdaTestApp.CreateAsync(configureServices: services => services.AddSingleton(handler));
        await app.App.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    private sealed class PingHandler : ILambdaEventHandler
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<byte[]?> TryHandleAsync(JsonElement invocationEvent, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            var recognised = invocationEvent.ValueKind == JsonValueKind.Object
                && invocationEvent.TryGetProperty("bridge", out var command) && command.ValueEquals("ping");
            return ValueTask.FromResult(recognised ? Encoding.UTF8.GetBytes("""{"pong":true}""") : null);
        }
    }

    private sealed class ThrowingHandler : ILambdaEventHandler
    {
        public ValueTask<byte[]?> TryHandleAsync(JsonElement invocationEvent, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("secret-detail-must-not-leak");
    }
}
