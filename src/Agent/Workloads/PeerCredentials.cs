namespace Bridge.Agent.Workloads;

/// <summary>
/// The process at the other end of a Workload API connection, as the kernel reported it when it connected
/// (<c>SO_PEERCRED</c>): nothing here comes from the workload itself.
/// </summary>
/// <param name="ProcessId">The caller's PID at connect time. PIDs are reused: attestors re-check that it still names the same process.</param>
/// <param name="UserId">The caller's effective user ID.</param>
/// <param name="GroupId">The caller's effective group ID.</param>
/// <param name="ConnectedAtTicks">
/// When the agent accepted the connection, in clock ticks since boot (the clock of a process's start time), or null when
/// unknown. The caller started before it connected: a process at the same PID that started later is another one.
/// </param>
public readonly record struct PeerCredentials(int ProcessId, uint UserId, uint GroupId, ulong? ConnectedAtTicks = null);
