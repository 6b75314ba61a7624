using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Bridge.Agent.WorkloadApi;

/// <summary>
/// The Workload Endpoint's SSRF guard: every call must carry the metadata <c>workload.spiffe.io: true</c> (exactly one
/// value, case-sensitive) or it ends with InvalidArgument before anything else runs, attestation included. A browser
/// or a server tricked into forwarding a request cannot add that header.
/// </summary>
internal sealed class SecurityHeaderInterceptor(ILogger<SecurityHeaderInterceptor> logger) : Interceptor
{
    /// <summary>The header name (gRPC metadata keys are lowercase on the wire).</summary>
    public const string HeaderName = "workload.spiffe.io";

    /// <summary>The message SPIRE answers with; clients must not retry.</summary>
    public const string MissingHeaderMessage = "security header missing from request";

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Require(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Require(context);
        return continuation(request, responseStream, context);
    }

    // The Workload API has no client-streaming or duplex methods; should one appear, it is refused rather than let through unchecked.
    public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Require(context);
        return continuation(requestStream, context);
    }

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        Require(context);
        return continuation(requestStream, responseStream, context);
    }

    private void Require(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? value = null;
        var count = 0;
        foreach (var entry in context.RequestHeaders)
        {
            if (string.Equals(entry.Key, HeaderName, StringComparison.Ordinal))
            {
                count++;
                value = entry.IsBinary ? null : entry.Value;
            }
        }

        if (count != 1 || !string.Equals(value, "true", StringComparison.Ordinal))
        {
            WorkloadApiLog.MissingSecurityHeader(logger, context.Method);
            throw new RpcException(new Status(StatusCode.InvalidArgument, MissingHeaderMessage));
        }
    }
}
