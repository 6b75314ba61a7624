using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;

namespace Bridge.Benchmarks.AgentLoad;

/// <summary>
/// A workload's side of the Workload API: a gRPC channel over the agent's Unix socket (Grpc.Net.Client, HTTP/2 with
/// prior knowledge) and the calls every SPIFFE library makes, with the <c>workload.spiffe.io: true</c> header.
/// </summary>
internal static class WorkloadApiCaller
{
    private static readonly Metadata SecurityHeader = new() { { "workload.spiffe.io", "true" } };

    /// <summary>A channel to <paramref name="socketPath"/>; more HTTP/2 connections are opened past the server's 100 streams each.</summary>
    public static GrpcChannel CreateChannel(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
    }

    /// <summary>Opens a FetchX509SVID stream; the caller reads it and disposes it (which cancels it on the server).</summary>
    public static AsyncServerStreamingCall<X509SVIDResponse> OpenX509Stream(SpiffeWorkloadAPI.SpiffeWorkloadAPIClient client, CancellationToken cancellationToken = default) =>
        client.FetchX509SVID(new X509SVIDRequest(), SecurityHeader, cancellationToken: cancellationToken);

    /// <summary>One cached round trip: open the stream, read the first response (the caller's SVIDs), close the stream.</summary>
    public static async Task<X509SVIDResponse> FetchX509SvidAsync(SpiffeWorkloadAPI.SpiffeWorkloadAPIClient client, CancellationToken cancellationToken = default)
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
