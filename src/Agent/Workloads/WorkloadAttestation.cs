namespace Bridge.Agent.Workloads;

/// <summary>
/// Runs every registered <see cref="IWorkloadAttestor"/> for a caller and returns the union of their selectors,
/// distinct and sorted ordinally. The PID the kernel gave at connect is checked before and after the attestors run:
/// the process must exist, keep its start time (a reused PID names a process started later) and still run as the user
/// and group it connected as, and must have started before the connection was accepted (a PID reused between the
/// caller's connect and the first read names a process started later). Anything else refuses the caller; nothing an attestor throws reaches the agent unhandled.
/// </summary>
internal sealed class WorkloadAttestation : IWorkloadAttestation
{
    private readonly IReadOnlyList<IWorkloadAttestor> _attestors;
    private readonly ProcFileSystem _proc;
    private readonly ILogger _logger;

    public WorkloadAttestation(IEnumerable<IWorkloadAttestor> attestors, ProcFileSystem proc, ILogger<WorkloadAttestation> logger)
    {
        _attestors = [.. attestors];
        _proc = proc;
        _logger = logger;
    }

    public async ValueTask<IReadOnlyList<string>> AttestAsync(PeerCredentials caller, CancellationToken cancellationToken)
    {
        try
        {
            var selectors = await AttestCheckedAsync(caller, cancellationToken).ConfigureAwait(false);
            WorkloadAttestorLog.Attested(_logger, caller.ProcessId, caller.UserId, selectors.Count);
            return selectors;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (WorkloadAttestationException exception)
        {
            WorkloadAttestorLog.Refused(_logger, caller.ProcessId, caller.UserId, exception.Message);
            throw;
        }
#pragma warning disable CA1031 // An attestor's unexpected failure refuses one caller; it must never stop the agent.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            var refusal = new WorkloadAttestationException($"an attestor failed unexpectedly ({exception.GetType().Name}).", exception);
            WorkloadAttestorLog.Refused(_logger, caller.ProcessId, caller.UserId, refusal.Message);
            throw refusal;
        }
    }

    private async ValueTask<IReadOnlyList<string>> AttestCheckedAsync(PeerCredentials caller, CancellationToken cancellationToken)
    {
        if (caller.ProcessId <= 0)
        {
            // SO_PEERCRED gives 0 for a caller in a PID namespace the agent cannot see (another container without a shared PID namespace).
            throw new WorkloadAttestationException("the caller's process is not visible to the agent (pid 0: another PID namespace).");
        }

        var startTime = Identify(caller);
        if (caller.ConnectedAtTicks is { } connectedAt && startTime > connectedAt)
        {
            // The PID was reused between the caller's connect() and this read: the process there now is not the caller.
            throw new WorkloadAttestationException($"pid {caller.ProcessId} names a process that started after the caller connected (a reused PID).");
        }

        var selectors = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var attestor in _attestors)
        {
            foreach (var selector in await attestor.AttestAsync(caller, cancellationToken).ConfigureAwait(false))
            {
                selectors.Add(selector);
            }
        }

        // Everything read above may describe another process if the caller exited in between and its PID was reused.
        if (Identify(caller) != startTime)
        {
            throw new WorkloadAttestationException($"pid {caller.ProcessId} now names another process (its start time changed during attestation).");
        }

        return [.. selectors];
    }

    private ulong Identify(PeerCredentials caller)
    {
        var startTime = _proc.ReadStartTime(caller.ProcessId);
        var status = _proc.ReadStatus(caller.ProcessId);
        if (status.EffectiveUserId != caller.UserId || status.EffectiveGroupId != caller.GroupId)
        {
            throw new WorkloadAttestationException(
                $"pid {caller.ProcessId} runs as uid {status.EffectiveUserId} gid {status.EffectiveGroupId}, not as uid {caller.UserId} gid {caller.GroupId} it connected with.");
        }

        return startTime;
    }
}
