using System.Text.Json;
using Bridge.Testing.Lambda;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.LambdaHosting.Tests.Server;

/// <summary>
/// A small real ASP.NET Core application hosted by the Lambda server against a <see cref="FakeLambdaRuntimeApi"/>:
/// endpoints echo the request, return binary and text, set cookies, throw, and wait past the deadline.
/// </summary>
internal sealed class LambdaTestApp : IAsyncDisposable
{
    // Guards the tests against a hang; never a timing assertion.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private LambdaTestApp(FakeLambdaRuntimeApi runtime, FakeTimeProvider time, WebApplication app, TestSignals signals)
    {
        Runtime = runtime;
        Time = time;
        App = app;
        Signals = signals;
    }

    public FakeLambdaRuntimeApi Runtime { get; }

    public FakeTimeProvider Time { get; }

    public WebApplication App { get; }

    public TestSignals Signals { get; }

    /// <summary>Builds the application with the Lambda server pointed at a fresh fake Runtime API, without starting it.</summary>
    public static async Task<LambdaTestApp> CreateAsync(int maxConcurrency = 1, Action<IServiceCollection>? configureServices = null)
    {
        var runtime = await FakeLambdaRuntimeApi.StartAsync(TestContext.Current.CancellationToken);
        var time = new FakeTimeProvider();
        var signals = new TestSignals();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton(signals);
        configureServices?.Invoke(builder.Services);
        builder.Services.AddLambdaHostingCore(new LambdaHostingOptions { RuntimeApi = runtime.RuntimeApi, MaxConcurrency = maxConcurrency });
        var app = builder.Build();
        MapEndpoints(app, signals);
        return new LambdaTestApp(runtime, time, app, signals);
    }

    /// <summary>Builds and starts the application.</summary>
    public static async Task<LambdaTestApp> StartAsync(int maxConcurrency = 1)
    {
        var testApp = await CreateAsync(maxConcurrency);
        await testApp.App.StartAsync(TestContext.Current.CancellationToken);
        return testApp;
    }

    /// <summary>Queues <paramref name="eventJson"/> and waits for what the function posts back.</summary>
    public Task<FakeInvocationResult> InvokeRawAsync(string eventJson, DateTimeOffset? deadline = null, string? traceId = null)
    {
        var requestId = Runtime.Enqueue(eventJson, deadline, traceId);
        return Runtime.WaitForResultAsync(requestId, TestContext.Current.CancellationToken).WaitAsync(HangGuard);
    }

    /// <summary>Queues <paramref name="eventJson"/> and parses the posted response.</summary>
    public async Task<LambdaResponse> InvokeAsync(string eventJson, DateTimeOffset? deadline = null, string? traceId = null) =>
        LambdaResponse.Parse(await InvokeRawAsync(eventJson, deadline, traceId));

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
        await Runtime.DisposeAsync();
    }

    private static void MapEndpoints(WebApplication app, TestSignals signals)
    {
        app.MapMethods("/echo/{**rest}", ["GET", "POST", "PUT", "DELETE"], EchoAsync);
        app.MapGet("/binary", () => Results.Bytes(new byte[] { 0x00, 0x01, 0xFE, 0xFF }, "application/octet-stream"));
        app.MapGet("/text", () => Results.Text("grüße", "text/plain; charset=utf-8"));
        app.MapGet("/json", () => Results.Text("{\"a\":1}", "application/json"));
        app.MapGet("/cookies", (HttpContext context) =>
        {
            context.Response.Cookies.Append("session", "s1", new CookieOptions { HttpOnly = true, Path = "/" });
            context.Response.Cookies.Append("theme", "dark");
            context.Response.Headers.Append("X-Multi", new StringValues(["one", "two"]));
            return Results.Text("ok", "text/plain");
        });
        app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        app.MapGet("/throw", (HttpContext _) => throw new InvalidOperationException("secret-detail-must-not-leak"));
        app.MapGet("/slow", async (HttpContext context) =>
        {
            signals.SlowStarted.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                return Results.StatusCode(StatusCodes.Status200OK);
            }
            catch (OperationCanceledException)
            {
                return Results.StatusCode(StatusCodes.Status504GatewayTimeout);
            }
        });
        app.MapGet("/barrier", async () =>
        {
            if (Interlocked.Increment(ref signals.BarrierArrivals) >= signals.BarrierSize)
            {
                signals.BarrierReleased.TrySetResult();
            }

            await signals.BarrierReleased.Task;
            return Results.Text("through", "text/plain");
        });
        app.MapGet("/completed", (HttpContext context) =>
        {
            context.Response.OnCompleted(() =>
            {
                signals.OnCompletedRan.TrySetResult();
                return Task.CompletedTask;
            });
            return Results.Text("done", "text/plain");
        });
    }

    private static async Task EchoAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var request = context.Features.GetRequiredFeature<IHttpRequestFeature>();
        var echo = new Dictionary<string, object?>
        {
            ["method"] = context.Request.Method,
            ["pathBase"] = context.Request.PathBase.Value,
            ["path"] = context.Request.Path.Value,
            ["rawTarget"] = request.RawTarget,
            ["queryString"] = context.Request.QueryString.Value,
            ["queryA"] = context.Request.Query["a"].ToString(),
            ["scheme"] = context.Request.Scheme,
            ["headers"] = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join("|", h.Value.ToArray())),
            ["cookies"] = context.Request.Cookies.ToDictionary(c => c.Key, c => c.Value),
            ["bodyBase64"] = Convert.ToBase64String(buffer.ToArray()),
            ["contentLength"] = context.Request.ContentLength,
            ["remoteIp"] = context.Connection.RemoteIpAddress?.ToString(),
            ["traceIdentifier"] = context.TraceIdentifier,
            ["traceEnvironment"] = Environment.GetEnvironmentVariable("_X_AMZN_TRACE_ID"),
            ["aborted"] = context.RequestAborted.IsCancellationRequested,
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(echo), context.RequestAborted);
    }
}
