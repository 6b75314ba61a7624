using Bridge.Agent.Cache;
using Bridge.Agent.Workloads;
using Google.Protobuf;
using Grpc.Core;

namespace Bridge.Agent.WorkloadApi;

/// <summary>
/// The SPIFFE Workload API (specification and SPIRE's agent semantics). Every call has passed
/// <see cref="SecurityHeaderInterceptor"/>; the caller is then attested once from the connection's peer credentials,
/// and a caller matching no entry gets PermissionDenied "no identity issued" and nothing else. Streams send the full
/// state at once, then again whenever what the caller would receive changed; idle they cost one await of the current
/// snapshot's <see cref="IdentitySnapshot.Superseded"/> task, shared by every stream. Before the first sync a stream
/// waits rather than deny a caller whose entries are not known yet. The WIT-SVID methods stay Unimplemented.
/// </summary>
internal sealed partial class WorkloadApiService(
    IWorkloadIdentityCache cache,
    IWorkloadAttestation attestation,
    TimeProvider time,
    ILogger<WorkloadApiService> logger) : SpiffeWorkloadAPI.SpiffeWorkloadAPIBase
{
    /// <summary>SPIRE's words for every refusal of an unentitled caller; nothing else is disclosed.</summary>
    public const string NoIdentityMessage = "no identity issued";

    /// <summary>Before the first sync a unary call cannot be answered; the caller retries with backoff.</summary>
    public const string NotReadyMessage = "identities not yet available";

    public override Task FetchX509SVID(X509SVIDRequest request, IServerStreamWriter<X509SVIDResponse> responseStream, ServerCallContext context) =>
        StreamAsync(context, responseStream, WorkloadResponses.X509Svids, WorkloadResponses.SpiffeIds);

    public override Task FetchX509Bundles(X509BundlesRequest request, IServerStreamWriter<X509BundlesResponse> responseStream, ServerCallContext context) =>
        StreamAsync(context, responseStream, static (snapshot, _) => WorkloadResponses.X509Bundles(snapshot), static r => string.Join(", ", r.Bundles.Keys));

    public override Task FetchJWTBundles(JWTBundlesRequest request, IServerStreamWriter<JWTBundlesResponse> responseStream, ServerCallContext context) =>
        StreamAsync(context, responseStream, static (snapshot, _) => WorkloadResponses.JwtBundles(snapshot), static r => string.Join(", ", r.Bundles.Keys));

    /// <summary>
    /// Attests the caller, then sends the composed state of the current snapshot and of every later one that changes
    /// it, until the caller goes away. SPIRE requires an identity for bundles too, so every stream ends with
    /// PermissionDenied when the caller's last entry goes away.
    /// </summary>
    private async Task StreamAsync<TResponse>(
        ServerCallContext context,
        IServerStreamWriter<TResponse> stream,
        Func<IdentitySnapshot, IReadOnlyList<CachedIdentity>, TResponse?> compose,
        Func<TResponse, string> describe)
        where TResponse : class, IMessage<TResponse>
    {
        var caller = await AttestAsync(context).ConfigureAwait(false);
        var cancellation = context.CancellationToken;
        TResponse? sent = null;
        var snapshot = cache.Current;
        try
        {
            while (true)
            {
                if (snapshot.Bundle is null)
                {
                    WorkloadApiLog.WaitingForIdentities(logger, context.Method, caller.Credentials.ProcessId);
                }
                else
                {
                    var matched = snapshot.Match(caller.Selectors);
                    if (matched.Count == 0)
                    {
                        throw NoIdentity(context, caller);
                    }

                    // Null: entries matched but no SVID is minted yet; SPIRE's agent waits for them too.
                    var response = compose(snapshot, matched);
                    if (response is not null && !response.Equals(sent))
                    {
                        await stream.WriteAsync(response, cancellation).ConfigureAwait(false);
                        sent = response;
                        WorkloadApiLog.Sent(logger, context.Method, caller.Credentials.ProcessId, describe(response), snapshot.Version);
                    }
                }

                await snapshot.Superseded.WaitAsync(cancellation).ConfigureAwait(false);
                snapshot = cache.Current;
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The caller went away or the agent is stopping: a clean end, nothing to report.
        }
    }

    /// <summary>Attests the caller of this call from its connection's peer credentials.</summary>
    /// <exception cref="RpcException">PermissionDenied: no credentials, or attestation refused the caller.</exception>
    private async ValueTask<AttestedCaller> AttestAsync(ServerCallContext context)
    {
        if (context.GetHttpContext().Features.Get<PeerCredentialsFeature>() is not { } feature)
        {
            WorkloadApiLog.NoPeerCredentials(logger, context.Method);
            throw new RpcException(new Status(StatusCode.PermissionDenied, NoIdentityMessage));
        }

        var credentials = feature.Credentials;
        try
        {
            var selectors = await attestation.AttestAsync(credentials, context.CancellationToken).ConfigureAwait(false);
            WorkloadApiLog.Attested(logger, context.Method, credentials.ProcessId, credentials.UserId, selectors.Count);
            return new AttestedCaller(credentials, selectors);
        }
        catch (WorkloadAttestationException exception)
        {
            // The reason is for the agent's operator; the caller learns only that it has no identity.
            WorkloadApiLog.AttestationFailed(logger, context.Method, credentials.ProcessId, credentials.UserId, exception.Message);
            throw new RpcException(new Status(StatusCode.PermissionDenied, NoIdentityMessage));
        }
    }

    private RpcException NoIdentity(ServerCallContext context, AttestedCaller caller)
    {
        WorkloadApiLog.NoIdentity(logger, context.Method, caller.Credentials.ProcessId, caller.Credentials.UserId, caller.Selectors.Count);
        return new RpcException(new Status(StatusCode.PermissionDenied, NoIdentityMessage));
    }

    private readonly record struct AttestedCaller(PeerCredentials Credentials, IReadOnlyList<string> Selectors);
}
