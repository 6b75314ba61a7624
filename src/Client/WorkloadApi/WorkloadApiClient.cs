using System.Net;
using System.Net.Sockets;
using Bridge.Spiffe.Id;
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

    /// <summary>
    /// One <c>FetchX509SVID</c>: reads the stream's first message as <see cref="WorkloadApiX509Source"/> reads every
    /// message (the identity chosen by <see cref="WorkloadApiOptions.SpiffeId"/> or <see cref="WorkloadApiOptions.Hint"/>,
    /// its chain verified against the bundle), then closes the stream. For tools and checks; a long-running workload
    /// keeps a <see cref="WorkloadApiX509Source"/> instead, which follows rotations.
    /// </summary>
    /// <param name="timeProvider">The clock the SVID is checked with and <see cref="WorkloadApiOptions.CallTimeout"/> runs on.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="WorkloadApiException">
    /// The agent refused (<see cref="StatusCode.PermissionDenied"/>: it issued no identity to this process), was
    /// unreachable or late, or sent a message that is not a usable X.509-SVID (<see cref="StatusCode.Internal"/>).
    /// </exception>
    public Task<WorkloadApiX509Response> FetchX509SvidAsync(TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        SpiffeId? wanted = Options.SpiffeId is null ? null : SpiffeId.Parse(Options.SpiffeId);
        return CallAsync(
            async call =>
            {
                using var stream = Grpc.FetchX509SVID(new X509SVIDRequest(), call);
                if (!await stream.ResponseStream.MoveNext(call.CancellationToken).ConfigureAwait(false))
                {
                    throw new WorkloadApiException(StatusCode.Unavailable, "The Workload API closed the stream without an answer.");
                }

                return X509SvidResponseParser.Parse(stream.ResponseStream.Current, wanted, Options.Hint, timeProvider.GetUtcNow(), out var error)
                    ?? throw new WorkloadApiException(StatusCode.Internal, "The Workload API sent an unusable X.509-SVID response: " + error + ".");
            },
            timeProvider,
            cancellationToken);
    }

    /// <inheritdoc/>
    public void Dispose() => _channel.Dispose();

    /// <summary>
    /// Runs one call with the security header and <see cref="WorkloadApiOptions.CallTimeout"/>, turning gRPC failures
    /// into <see cref="WorkloadApiException"/> (a caller's cancellation stays an <see cref="OperationCanceledException"/>).
    /// </summary>
    internal async Task<T> CallAsync<T>(Func<CallOptions, Task<T>> call, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(Options.CallTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await call(CallOptions(linked.Token)).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new WorkloadApiException(StatusCode.DeadlineExceeded, "The Workload API did not answer in time.", ex);
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WorkloadApiException(ex.StatusCode, $"The Workload API answered {ex.StatusCode}.", ex);
        }
        catch (RpcException ex)
        {
            throw new OperationCanceledException("The Workload API call was cancelled.", ex, cancellationToken);
        }
    }
}
