using System.Text.Json;
using Bridge.LambdaHosting.Events;
using Bridge.LambdaHosting.Runtime;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.LambdaHosting.Server;

/// <summary>
/// An <see cref="IServer"/> that takes requests from the Lambda Runtime API instead of a socket: each of
/// <see cref="LambdaHostingOptions.MaxConcurrency"/> loops fetches the next invocation, maps its HTTP API payload 2.0
/// event into features, runs the normal ASP.NET Core pipeline and posts the mapped response.
/// </summary>
internal sealed class LambdaServer : IServer
{
    /// <summary>The environment variable the X-Ray SDK reads the current trace from.</summary>
    public const string TraceIdVariable = "_X_AMZN_TRACE_ID";

    // Timers take at most uint.MaxValue - 1 milliseconds; a deadline further away is as good as none.
    private static readonly TimeSpan LongestDeadline = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly LambdaHostingOptions _options;
    private readonly LambdaRuntimeClient _client;
    private readonly LambdaInitErrorGuard _initErrorGuard;
    private readonly TimeProvider _timeProvider;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<LambdaServer> _logger;
    private readonly ILambdaEventHandler[] _eventHandlers;
    private readonly ILambdaInvocationListener[] _invocationListeners;
    private readonly CancellationTokenSource _stopping = new();
    private Task[] _loops = [];

    /// <summary>Creates the server.</summary>
    public LambdaServer(
        IOptions<LambdaHostingOptions> options,
        LambdaRuntimeClient client,
        LambdaInitErrorGuard initErrorGuard,
        TimeProvider timeProvider,
        IHostApplicationLifetime lifetime,
        ILogger<LambdaServer> logger,
        IEnumerable<ILambdaEventHandler> eventHandlers,
        IEnumerable<ILambdaInvocationListener> invocationListeners)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _client = client;
        _initErrorGuard = initErrorGuard;
        _timeProvider = timeProvider;
        _lifetime = lifetime;
        _logger = logger;
        _eventHandlers = [.. eventHandlers];
        _invocationListeners = [.. invocationListeners];
        Features.Set<IServerAddressesFeature>(new EmptyServerAddressesFeature());
    }

    /// <inheritdoc/>
    public IFeatureCollection Features { get; } = new FeatureCollection();

    /// <inheritdoc/>
    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        ArgumentNullException.ThrowIfNull(application);
        _initErrorGuard.MarkInitialized();
        var token = _stopping.Token;
        _loops = Enumerable.Range(0, _options.MaxConcurrency)
            .Select(_ => Task.Run(() => RunLoopAsync(application, token), CancellationToken.None))
            .ToArray();
        Log.Started(_logger, _loops.Length);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Stop polling; an invocation already running finishes and posts its response unless the host gives up waiting.
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_loops).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown timeout elapsed.
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _stopping.Dispose();

    private async Task RunLoopAsync<TContext>(IHttpApplication<TContext> application, CancellationToken stopping)
        where TContext : notnull
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var invocation = await _client.GetNextInvocationAsync(stopping).ConfigureAwait(false);
                try
                {
                    await InvokeAsync(application, invocation).ConfigureAwait(false);
                }
                finally
                {
                    NotifyCompleted(invocation.RequestId);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException exception)
            {
                // Without the Runtime API this environment can do nothing useful: end it and let Lambda start a fresh one.
                Log.RuntimeApiFailed(_logger, exception.GetType().Name);
                StopEnvironment();
                return;
            }
#pragma warning disable CA1031 // A fault outside the application (the server itself) must not leave a silently dead loop.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.LoopFailed(_logger, exception);
                StopEnvironment();
                return;
            }
        }
    }

    private void NotifyCompleted(string requestId)
    {
        foreach (var listener in _invocationListeners)
        {
            try
            {
                listener.InvocationCompleted();
            }
#pragma warning disable CA1031 // The invocation is answered; a failing listener must not end the loop.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.InvocationListenerFailed(_logger, requestId, exception);
            }
        }
    }

    private void StopEnvironment()
    {
        Environment.ExitCode = 1;
        _lifetime.StopApplication();
    }

    private async Task InvokeAsync<TContext>(IHttpApplication<TContext> application, LambdaInvocation invocation)
        where TContext : notnull
    {
        using var features = new LambdaInvocationFeatures(CreateDeadlineSource(invocation.Deadline));
        var request = Deserialize(invocation.Event);
        if (_eventHandlers.Length > 0 && request?.RequestContext?.Http is null
            && await TryHandleOtherEventAsync(invocation, features.RequestAborted).ConfigureAwait(false))
        {
            return;
        }

        var problem = request is null
            ? "The event is not a JSON object."
            : HttpApiV2RequestMapper.Map(request, invocation, features, _options.StripStagePrefix);
        if (problem is not null)
        {
            Log.InvalidEvent(_logger, invocation.RequestId, problem);
            var error = new LambdaErrorPayload { ErrorMessage = problem, ErrorType = "InvalidEvent" };
            await _client.PostInvocationErrorAsync(invocation.RequestId, LambdaRuntimeClient.InvalidEventErrorType, error, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        // Process-wide, as the X-Ray SDK expects; with concurrent loops the request header is the per-request truth.
        Environment.SetEnvironmentVariable(TraceIdVariable, invocation.TraceId);
        var response = await RunApplicationAsync(application, features, invocation.RequestId).ConfigureAwait(false);
        await _client.PostResponseAsync(invocation.RequestId, response, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task<HttpApiV2Response> RunApplicationAsync<TContext>(IHttpApplication<TContext> application, LambdaInvocationFeatures features, string requestId)
        where TContext : notnull
    {
        var context = application.CreateContext(features.Collection);
        Exception? failure = null;
        try
        {
            await application.ProcessRequestAsync(context).ConfigureAwait(false);
            await features.CompleteAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The server boundary: any application fault becomes a bare 500 and the loop goes on.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            failure = exception;
            Log.UnhandledException(_logger, requestId, exception);
            features.ResetResponse();
        }

        var response = failure is null
            ? HttpApiV2ResponseMapper.Map(features.StatusCode, features.ResponseHeaders, features.ResponseBodyBytes.Span)
            : HttpApiV2ResponseMapper.Bare(StatusCodes.Status500InternalServerError);

        // Kestrel runs OnCompleted after sending; here it runs before posting, because Lambda may freeze the
        // environment as soon as the response is posted and the callbacks would not run until the next invocation.
        try
        {
            await features.FireOnCompletedAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The response is already decided; a failing callback must not lose it.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Log.OnCompletedFailed(_logger, requestId, exception);
        }

        application.DisposeContext(context, failure);
        return response;
    }

    /// <summary>Offers a non-HTTP event to the registered handlers; true when one of them answered it.</summary>
    private async Task<bool> TryHandleOtherEventAsync(LambdaInvocation invocation, CancellationToken deadline)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(invocation.Event);
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            byte[]? response = null;
            try
            {
                foreach (var handler in _eventHandlers)
                {
                    response = await handler.TryHandleAsync(document.RootElement, deadline).ConfigureAwait(false);
                    if (response is not null)
                    {
                        break;
                    }
                }
            }
#pragma warning disable CA1031 // The server boundary: a failing handler fails this invocation only, without details.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Log.EventHandlerFailed(_logger, invocation.RequestId, exception);
                var error = new LambdaErrorPayload { ErrorMessage = "The event could not be handled.", ErrorType = "HandlerFailed" };
                await _client.PostInvocationErrorAsync(invocation.RequestId, LambdaRuntimeClient.HandlerErrorType, error, CancellationToken.None).ConfigureAwait(false);
                return true;
            }

            if (response is null)
            {
                return false;
            }

            await _client.PostRawResponseAsync(invocation.RequestId, response, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
    }

    private CancellationTokenSource CreateDeadlineSource(DateTimeOffset? deadline)
    {
        if (deadline is null)
        {
            return new CancellationTokenSource();
        }

        var remaining = deadline.Value - _timeProvider.GetUtcNow();
        remaining = remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining > LongestDeadline ? LongestDeadline : remaining;
        return new CancellationTokenSource(remaining, _timeProvider);
    }

    private static HttpApiV2Request? Deserialize(byte[] json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, LambdaJsonContext.Default.HttpApiV2Request);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
