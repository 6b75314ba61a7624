using System.Collections.Concurrent;
using Grpc.Core;

namespace Bridge.Client.Tests.TestSupport.WorkloadApi;

/// <summary>
/// What the fake agent serves and what it saw. Streams send the latest published response at once and again on every
/// publish (full state each time, as the spec says); queued failures answer the next stream openings instead.
/// </summary>
public sealed class FakeWorkloadApi
{
    private readonly Lock _lock = new();
    private X509SVIDResponse? _x509;
    private TaskCompletionSource _x509Changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _x509Streams;

    /// <summary>Every <c>workload.spiffe.io</c> value received, one per call (null when absent).</summary>
    public ConcurrentQueue<string?> SecurityHeaders { get; } = new();

    /// <summary>Status codes the next FetchX509SVID openings fail with, in order.</summary>
    public ConcurrentQueue<StatusCode> X509Failures { get; } = new();

    /// <summary>How many FetchX509SVID streams were opened (failed ones included).</summary>
    public int X509Streams => Volatile.Read(ref _x509Streams);

    /// <summary>Answers FetchJWTSVID; null answers PermissionDenied.</summary>
    public Func<JWTSVIDRequest, JWTSVIDResponse?> JwtSvids { get; set; } = _ => null;

    /// <summary>Answers ValidateJWTSVID; null answers InvalidArgument.</summary>
    public Func<ValidateJWTSVIDRequest, ValidateJWTSVIDResponse?> Validate { get; set; } = _ => null;

    /// <summary>The single JWTBundles message (null: the stream waits until cancelled).</summary>
    public JWTBundlesResponse? JwtBundles { get; set; }

    /// <summary>Sends <paramref name="response"/> on every open FetchX509SVID stream and to the ones opened later.</summary>
    public void Publish(X509SVIDResponse response)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _x509 = response;
            changed = _x509Changed;
            _x509Changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    internal void Saw(ServerCallContext context)
    {
        SecurityHeaders.Enqueue(context.RequestHeaders.GetValue("workload.spiffe.io"));
    }

    internal async Task StreamX509Async(IServerStreamWriter<X509SVIDResponse> writer, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _x509Streams);
        if (X509Failures.TryDequeue(out var failure))
        {
            throw new RpcException(new Status(failure, "fake failure"));
        }

        X509SVIDResponse? sent = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            X509SVIDResponse? current;
            Task changed;
            lock (_lock)
            {
                current = _x509;
                changed = _x509Changed.Task;
            }

            if (current is not null && !ReferenceEquals(current, sent))
            {
                await writer.WriteAsync(current, cancellationToken);
                sent = current;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }
}
