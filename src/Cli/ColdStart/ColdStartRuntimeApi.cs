using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.Cli.ColdStart;

/// <summary>
/// A one-invocation Lambda Runtime API (2018-06-01) on a free loopback port: hands one event to the first
/// <c>GET /runtime/invocation/next</c>, holds later polls open, and timestamps the first poll (init done) and the
/// answer. A fresh one per run, so no poll of a stopped process can take the next run's event.
/// </summary>
internal sealed class ColdStartRuntimeApi : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime";
    private const string RequestId = "coldstart-00000000-0000-0000-0000-000000000001";

    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly string _eventJson;
    private readonly TaskCompletionSource<long> _firstPoll = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<(long Timestamp, bool IsError, string Body)> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _handedOut;

    private ColdStartRuntimeApi(WebApplication app, TimeProvider time, string eventJson)
    {
        _app = app;
        _time = time;
        _eventJson = eventJson;
    }

    /// <summary>The value for <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public string RuntimeApi { get; private set; } = string.Empty;

    /// <summary>The timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the first <c>/next</c>.</summary>
    public Task<long> FirstPoll => _firstPoll.Task;

    /// <summary>The timestamp of the answer, whether it was an error, and its body.</summary>
    public Task<(long Timestamp, bool IsError, string Body)> Answer => _answer.Task;

    public static async Task<ColdStartRuntimeApi> StartAsync(string eventJson, TimeProvider time, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var api = new ColdStartRuntimeApi(app, time, eventJson);
        app.MapGet(Prefix + "/invocation/next", api.NextAsync);
        app.MapPost(Prefix + "/invocation/{requestId}/response", context => api.RecordAsync(context, isError: false));
        app.MapPost(Prefix + "/invocation/{requestId}/error", context => api.RecordAsync(context, isError: true));
        app.MapPost(Prefix + "/init/error", context => api.RecordAsync(context, isError: true));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        api.RuntimeApi = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()).Authority;
        return api;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task NextAsync(HttpContext context)
    {
        _firstPoll.TrySetResult(_time.GetTimestamp());
        if (Interlocked.Exchange(ref _handedOut, 1) == 1)
        {
            // One invocation per run: later polls wait until the process is stopped.
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            return;
        }

        context.Response.Headers["Lambda-Runtime-Aws-Request-Id"] = RequestId;
        context.Response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:123456789012:function:bridge-coldstart";
        context.Response.Headers["Lambda-Runtime-Deadline-Ms"] = (_time.GetUtcNow() + TimeSpan.FromSeconds(30)).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(_eventJson, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task RecordAsync(HttpContext context, bool isError)
    {
        var timestamp = _time.GetTimestamp();
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        _answer.TrySetResult((timestamp, isError, body));
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }
}
