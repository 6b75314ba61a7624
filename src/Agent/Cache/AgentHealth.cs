using System.Net;
using Bridge.Agent.Node;
using Bridge.Agent.Server;

namespace Bridge.Agent.Cache;

/// <summary>Builds the health report from the cache, the sync status and the agent SVID, and answers <c>GET /health</c>.</summary>
internal sealed class AgentHealth(WorkloadIdentityCache cache, TimeProvider time, IEnumerable<IAgentIdentity> agentIdentities)
{
    private readonly IAgentIdentity? _agentIdentity = agentIdentities.FirstOrDefault();

    public AgentHealthReport Report()
    {
        var now = time.GetUtcNow();
        var snapshot = cache.Current;
        var status = cache.Status;
        DateTimeOffset? soonest = null;
        var svids = 0;
        foreach (var identity in snapshot.Identities)
        {
            // The cache drops an SVID the moment it expires; counting only unexpired ones keeps the report honest
            // even if the loop is late.
            if (identity.X509Svid is { } svid && svid.ExpiresAt > now)
            {
                svids++;
                soonest = soonest is null || svid.ExpiresAt < soonest ? svid.ExpiresAt : soonest;
            }
        }

        var state = status.LastSuccessAt is null ? "starting"
            : status.ConsecutiveFailures == 0 ? "ok"
            : snapshot.Identities.Count > 0 && svids == 0 ? "expired"
            : "degraded";
        var agentExpiry = _agentIdentity?.Current?.ExpiresAt;
        return new AgentHealthReport(
            state,
            status.LastSuccessAt,
            Seconds(now - status.LastSuccessAt),
            status.ConsecutiveFailures,
            status.LastFailure switch
            {
                null => null,
                AgentServerFailure.InvalidResponse => "invalid_response",
                AgentServerFailure failure => failure.ToString().ToLowerInvariant(),
            },
            snapshot.Identities.Count,
            svids,
            soonest,
            Seconds(soonest - now),
            agentExpiry,
            Seconds(agentExpiry - now));
    }

    /// <summary>200 while identities are served (ok, degraded), 503 otherwise. Only on the loopback health listener.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        // The Workload API's Unix socket shares this Kestrel server: health is never answered there.
        if (context.Connection.LocalIpAddress is not { } local || !IPAddress.IsLoopback(local))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var report = Report();
        context.Response.Headers.CacheControl = "no-store";
        context.Response.StatusCode = report.Status is "ok" or "degraded" ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        await context.Response.WriteAsJsonAsync(report, AgentHealthJsonContext.Default.AgentHealthReport, contentType: null, context.RequestAborted).ConfigureAwait(false);
    }

    private static long? Seconds(TimeSpan? span) => span is { } value ? (long)Math.Floor(value.TotalSeconds) : null;
}
