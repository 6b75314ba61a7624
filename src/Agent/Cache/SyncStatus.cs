using Bridge.Agent.Server;

namespace Bridge.Agent.Cache;

/// <summary>How the cache's syncing with the server is going, for the health endpoint.</summary>
/// <param name="LastSuccessAt">When the server last answered a sync (200 or 304), or null before the first.</param>
/// <param name="ConsecutiveFailures">Failed rounds since the last good one (0 while all is well).</param>
/// <param name="LastFailure">Why the last failed round failed, or null.</param>
internal sealed record SyncStatus(DateTimeOffset? LastSuccessAt, int ConsecutiveFailures, AgentServerFailure? LastFailure)
{
    public static SyncStatus Starting { get; } = new(null, 0, null);
}
