using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.Testing.Lambda;

/// <summary>
/// A protocol-level fake of the Lambda Runtime API (2018-06-01) on 127.0.0.1 with an ephemeral port: hands out queued
/// events on <c>GET /runtime/invocation/next</c> (long-polling, several pollers at once like Managed Instances) and
/// records what comes back on <c>/response</c>, <c>/error</c> and <c>/init/error</c>.
/// </summary>
public sealed class FakeLambdaRuntimeApi : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime";

    private readonly Channel<QueuedInvocation> _queue = Channel.CreateUnbounded<QueuedInvocation>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<FakeInvocationResult>> _results = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeInitError> _initErrors = new();
    private readonly Lock _pollLock = new();
    private readonly List<(int Count, TaskCompletionSource Signal)> _pollWaiters = [];
    private WebApplication? _app;
    private int _waitingPolls;
    private int _totalPolls;

    private FakeLambdaRuntimeApi()
    {
    }

    /// <summary>The value for <c>AWS_LAMBDA_RUNTIME_API</c>: <c>127.0.0.1:port</c>.</summary>
    public string RuntimeApi { get; private set; } = string.Empty;

    /// <summary>How many <c>/next</c> calls have been received in all.</summary>
    public int TotalPolls => Volatile.Read(ref _totalPolls);

    /// <summary>The init errors posted so far.</summary>
    public IReadOnlyCollection<FakeInitError> InitErrors => _initErrors;

    /// <summary>Starts the fake on loopback.</summary>
    public static async Task<FakeLambdaRuntimeApi> StartAsync(CancellationToken cancellationToken = default)
    {
        var fake = new FakeLambdaRuntimeApi();
        var app = LoopbackWebApplication.CreateBuilder().Build();
        app.MapGet(Prefix + "/invocation/next", fake.NextAsync);
        app.MapPost(Prefix + "/invocation/{requestId}/response", context => fake.RecordAsync(context, isError: false));
        app.MapPost(Prefix + "/invocation/{requestId}/error", context => fake.RecordAsync(context, isError: true));
        app.MapPost(Prefix + "/init/error", fake.RecordInitErrorAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        fake.RuntimeApi = LoopbackWebApplication.BaseAddress(app).Authority;
        fake._app = app;
        return fake;
    }

    /// <summary>Queues an event; returns its request id. Without <paramref name="deadline"/> no deadline header is sent.</summary>
    public string Enqueue(string eventJson, DateTimeOffset? deadline = null, string? traceId = null, string? requestId = null)
    {
        ArgumentNullException.ThrowIfNull(eventJson);
        requestId ??= Guid.NewGuid().ToString("D");
        if (!_results.TryAdd(requestId, new TaskCompletionSource<FakeInvocationResult>(TaskCreationOptions.RunContinuationsAsynchronously)))
        {
            throw new InvalidOperationException($"Request id {requestId} is already queued.");
        }

        _queue.Writer.TryWrite(new QueuedInvocation(requestId, eventJson, deadline, traceId));
        return requestId;
    }

    /// <summary>Completes when the function has answered invocation <paramref name="requestId"/>.</summary>
    public Task<FakeInvocationResult> WaitForResultAsync(string requestId, CancellationToken cancellationToken) =>
        _results.TryGetValue(requestId, out var result)
            ? result.Task.WaitAsync(cancellationToken)
            : throw new InvalidOperationException($"Request id {requestId} was never queued.");

    /// <summary>Completes once at least <paramref name="count"/> <c>/next</c> calls are waiting at the same time.</summary>
    public Task WaitForConcurrentPollsAsync(int count, CancellationToken cancellationToken)
    {
        lock (_pollLock)
        {
            if (_waitingPolls >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _pollWaiters.Add((count, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task NextAsync(HttpContext context)
    {
        Interlocked.Increment(ref _totalPolls);
        ChangeWaitingPolls(+1);
        QueuedInvocation invocation;
        try
        {
            invocation = await _queue.Reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
        {
            return;
        }
        finally
        {
            ChangeWaitingPolls(-1);
        }

        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:123456789012:function:bridge-test";
        if (invocation.Deadline is { } deadline)
        {
            headers["Lambda-Runtime-Deadline-Ms"] = deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        }

        if (invocation.TraceId is not null)
        {
            headers["Lambda-Runtime-Trace-Id"] = invocation.TraceId;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(invocation.EventJson, Encoding.UTF8, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task RecordAsync(HttpContext context, bool isError)
    {
        var requestId = (string)context.Request.RouteValues["requestId"]!;
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        if (!_results.TryGetValue(requestId, out var result)
            || !result.TrySetResult(new FakeInvocationResult(requestId, isError, body, context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString())))
        {
            // The real service refuses an unknown or already answered request id.
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private async Task RecordInitErrorAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context).ConfigureAwait(false);
        _initErrors.Enqueue(new FakeInitError(body, context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString()));
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private void ChangeWaitingPolls(int delta)
    {
        lock (_pollLock)
        {
            _waitingPolls += delta;
            for (var i = _pollWaiters.Count - 1; i >= 0; i--)
            {
                if (_waitingPolls >= _pollWaiters[i].Count)
                {
                    _pollWaiters[i].Signal.TrySetResult();
                    _pollWaiters.RemoveAt(i);
                }
            }
        }
    }

    private sealed record QueuedInvocation(string RequestId, string EventJson, DateTimeOffset? Deadline, string? TraceId);
}
