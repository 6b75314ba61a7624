namespace Bridge.Agent.Workloads;

/// <summary>
/// The process at the other end of a Workload API connection, as the kernel reported it when it connected
/// (<c>SO_PEERCRED</c>): nothing here comes from the workload itself.
/// </summary>
/// <param name="ProcessId">The caller's PID at connect time. PIDs are reused: attestors re-check that it still names the same process.</param>
/// <param name="UserId">The caller's effective user ID.</param>
/// <param name="GroupId">The caller's effective group ID.</param>
public readonly record struct PeerCredentials(int ProcessId, uint UserId, uint GroupId);
