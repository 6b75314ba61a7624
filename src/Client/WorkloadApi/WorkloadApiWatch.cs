using System.Security.Cryptography;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Bridge.Client.WorkloadApi;

/// <summary>Turns one Workload API message into a value, or says why the message is rejected.</summary>
internal delegate TValue? WorkloadApiParser<in TResponse, out TValue>(TResponse response, out string? error);

/// <summary>
/// Keeps one Workload API stream open for the life of a source (spec: keep connections open, every message carries
/// the full state) and publishes each accepted message as the new value. Reconnects with jittered exponential backoff
/// on every failure except <c>InvalidArgument</c> and <c>Unimplemented</c>, which the spec says not to retry; a
/// stream the agent closes is reopened at once. A message that does not parse is logged and ignored: the previous
/// value stays in force.
/// </summary>
internal sealed class WorkloadApiWatch<TResponse, TValue> : IAsyncDisposable
    where TValue : class
{
    private readonly string _name;
    private readonly Func<CallOptions, AsyncServerStreamingCall<TResponse>> _open;
    private readonly WorkloadApiParser<TResponse, TValue> _parse;
    private readonly WorkloadApiOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private State _state = new(null);

    public WorkloadApiWatch(
        string name,
        Func<CallOptions, AsyncServerStreamingCall<TResponse>> open,
        WorkloadApiParser<TResponse, TValue> parse,
        WorkloadApiOptions options,
        TimeProvider time,
        ILogger logger)
    {
        _name = name;
        _open = open;
        _parse = parse;
        _options = options;
        _time = time;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The last accepted value, or null before the first one.</summary>
    public TValue? Current => Volatile.Read(ref _state).Value;

    /// <summary>Waits until a value that <paramref name="usable"/> accepts is published.</summary>
    /// <exception cref="WorkloadApiException">The stream stopped for good (the agent answered InvalidArgument or Unimplemented).</exception>
    public async ValueTask<TValue> WaitAsync(Func<TValue, bool> usable, CancellationToken cancellationToken)
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (state.Value is { } value && usable(value))
            {
                return value;
            }

            await state.Next.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        Volatile.Read(ref _state).Next.TrySetException(new ObjectDisposedException(GetType().Name));
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var stop = _stop.Token;
        var failures = 0;
        while (!stop.IsCancellationRequested)
        {
            StatusCode? failure = null;
            try
            {
                using var call = _open(WorkloadApiClient.CallOptions(stop));
                while (await call.ResponseStream.MoveNext(stop).ConfigureAwait(false))
                {
                    // A message means the agent is there and serving us, whatever its content.
                    failures = 0;
                    Accept(call.ResponseStream.Current);
                }
            }
            catch (RpcException ex) when (!stop.IsCancellationRequested)
            {
                if (ex.StatusCode is StatusCode.InvalidArgument or StatusCode.Unimplemented)
                {
                    WorkloadApiLog.Stopped(_logger, _name, ex.StatusCode);
                    Volatile.Read(ref _state).Next.TrySetException(
                        new WorkloadApiException(ex.StatusCode, $"The Workload API refused the {_name} stream with {ex.StatusCode}.", ex));
                    return;
                }

                failure = ex.StatusCode;
            }
            catch (Exception ex) when (stop.IsCancellationRequested && ex is RpcException or OperationCanceledException)
            {
                return;
            }

            var delay = Backoff(failures++);
            if (failure is { } code)
            {
                WorkloadApiLog.Reconnecting(_logger, _name, code, (long)delay.TotalMilliseconds);
            }
            else
            {
                WorkloadApiLog.StreamEnded(_logger, _name, (long)delay.TotalMilliseconds);
            }

            try
            {
                await Task.Delay(delay, _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Accept(TResponse response)
    {
        TValue? value;
        string? error;
        try
        {
            value = _parse(response, out error);
        }
#pragma warning disable CA1031 // A hostile or broken message must never end the stream or the process.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            value = null;
            error = "unexpected " + ex.GetType().Name;
        }

        if (value is null)
        {
            WorkloadApiLog.MessageRejected(_logger, _name, error ?? "rejected");
            return;
        }

        var previous = Interlocked.Exchange(ref _state, new State(value));
        previous.Next.TrySetResult();
    }

    // The first reconnection after a healthy stream is immediate (spec: reconnect when closed); then 1×, 2×, 4×… the
    // initial backoff up to the maximum, each scaled by a random 50–100 % so a fleet does not reconnect in step.
    private TimeSpan Backoff(int failures)
    {
        if (failures == 0)
        {
            return TimeSpan.Zero;
        }

        var exponential = _options.InitialBackoff * Math.Pow(2, Math.Min(failures - 1, 30));
        var capped = exponential < _options.MaxBackoff ? exponential : _options.MaxBackoff;
        return capped * (0.5 + (RandomNumberGenerator.GetInt32(0, 1000) / 2000.0));
    }

    private sealed class State(TValue? value)
    {
        public TValue? Value { get; } = value;

        public TaskCompletionSource Next { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
