using System.Collections.Concurrent;

namespace Bridge.Client.Tests.TestSupport;

/// <summary>
/// Sits between the client and the test server: counts requests, can hold them at a gate, answer from a script of
/// faults, or fail every request as if the network were down.
/// </summary>
public sealed class FaultInjectingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private int _requests;

    /// <summary>Answers (or throws) for the next requests, in order, instead of the service.</summary>
    public ConcurrentQueue<Func<HttpResponseMessage>> Script { get; } = new();

    /// <summary>When true every request fails with <see cref="HttpRequestException"/>.</summary>
    public bool Down { get; set; }

    /// <summary>When set, requests wait for it before reaching the service.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>How many requests the client sent.</summary>
    public int Requests => Volatile.Read(ref _requests);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Down)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "The network is down (test).");
        }

        if (Script.TryDequeue(out var next))
        {
            return next();
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
