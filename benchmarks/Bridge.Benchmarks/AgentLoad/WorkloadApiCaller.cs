using Bridge.Client.WorkloadApi;
using Grpc.Core;

namespace Bridge.Benchmarks.AgentLoad;

/// <summary>
/// A workload's side of the Workload API: Bridge.Client's <see cref="WorkloadApiClient"/> channel over the agent's Unix
/// socket (Grpc.Net.Client, HTTP/2 with prior knowledge, more connections past the server's 100 streams each, the
/// <c>workload.spiffe.io: true</c> header on every call), driven through its raw gRPC client so that only the round
/// trip is timed, not the client library's chain checks.
/// </summary>
internal static class WorkloadApiCaller
{
    /// <summary>A client of the socket at <paramref name="socketPath"/>; nothing connects before the first call.</summary>
    public static WorkloadApiClient Connect(string socketPath) => new(new WorkloadApiOptions { Address = "unix://" + socketPath });

    /// <summary>Opens a FetchX509SVID stream; the caller reads it and disposes it (which cancels it on the server).</summary>
    public static AsyncServerStreamingCall<X509SVIDResponse> OpenX509Stream(WorkloadApiClient client, CancellationToken cancellationToken = default) =>
        client.Grpc.FetchX509SVID(new X509SVIDRequest(), WorkloadApiClient.CallOptions(cancellationToken));

    /// <summary>One cached round trip: open the stream, read the first response (the caller's SVIDs), close the stream.</summary>
    public static async Task<X509SVIDResponse> FetchX509SvidAsync(WorkloadApiClient client, CancellationToken cancellationToken = default)
    {
        using var call = OpenX509Stream(client, cancellationToken);
        return await NextAsync(call, cancellationToken);
    }

    /// <summary>The next message of a stream; an error if the stream ended instead.</summary>
    public static async Task<X509SVIDResponse> NextAsync(AsyncServerStreamingCall<X509SVIDResponse> call, CancellationToken cancellationToken = default)
    {
        if (!await call.ResponseStream.MoveNext(cancellationToken))
        {
            throw new InvalidOperationException("The FetchX509SVID stream ended without a response.");
        }

        var response = call.ResponseStream.Current;
        return response.Svids.Count > 0 ? response : throw new InvalidOperationException("A FetchX509SVID response without an SVID.");
    }
}
