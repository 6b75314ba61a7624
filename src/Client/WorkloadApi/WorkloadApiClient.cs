using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;

namespace Bridge.Client.WorkloadApi;

/// <summary>
/// One gRPC channel to the SPIFFE Workload API (a Unix domain socket, or TCP on an IP address), shared by the
/// sources built on it. Every call carries the <c>workload.spiffe.io: true</c> metadata the spec requires; no TLS
/// and no client credentials are used (the agent identifies the caller by the kernel, not by anything it sends).
/// </summary>
public sealed class WorkloadApiClient : IDisposable
{
    private static readonly Metadata SecurityHeader = new() { { "workload.spiffe.io", "true" } };
    private readonly GrpcChannel _channel;

    /// <summary>Creates the channel; nothing is connected until a source makes its first call.</summary>
    /// <exception cref="ArgumentException">The address (from the options or <c>SPIFFE_ENDPOINT_SOCKET</c>) is missing or malformed.</exception>
    public WorkloadApiClient(WorkloadApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!WorkloadApiAddress.TryParse(options.ResolveAddress(), out var endpoint, out var error))
        {
            throw new ArgumentException("The Workload API address is not usable: " + error + ".", nameof(options));
        }

        Options = options;
        Endpoint = endpoint;
        var handler = new SocketsHttpHandler
        {
            // The agent pushes on open streams whenever it likes: keep the connection, however idle.
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            KeepAlivePingDelay = TimeSpan.FromSeconds(60),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            EnableMultipleHttp2Connections = true,
        };
        if (endpoint is UnixDomainSocketEndPoint)
        {
            handler.ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        // h2c with prior knowledge: the Workload API must not require TLS (Workload Endpoint §3).
        var target = endpoint is IPEndPoint ip ? new Uri("http://" + ip) : new Uri("http://localhost");
        _channel = GrpcChannel.ForAddress(target, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        Grpc = new SpiffeWorkloadAPI.SpiffeWorkloadAPIClient(_channel);
    }

    /// <summary>The endpoint in use.</summary>
    public EndPoint Endpoint { get; }

    internal WorkloadApiOptions Options { get; }

    internal SpiffeWorkloadAPI.SpiffeWorkloadAPIClient Grpc { get; }

    /// <summary>Call options with the security header and <paramref name="cancellationToken"/>.</summary>
    internal static CallOptions CallOptions(CancellationToken cancellationToken) => new(headers: SecurityHeader, cancellationToken: cancellationToken);

    /// <inheritdoc/>
    public void Dispose() => _channel.Dispose();
}
