namespace Bridge.Agent.Workloads;

/// <summary>
/// Attests a Workload API caller with every enabled <see cref="IWorkloadAttestor"/> and returns the union of their
/// selectors, distinct and sorted ordinally. It guards against PID reuse: the process is identified before and after the
/// attestors run, and a caller that exited or was replaced in between is refused.
/// </summary>
public interface IWorkloadAttestation
{
    /// <summary>The caller's selectors.</summary>
    /// <exception cref="WorkloadAttestationException">The caller cannot be attested safely; the Workload API answers PermissionDenied.</exception>
    ValueTask<IReadOnlyList<string>> AttestAsync(PeerCredentials caller, CancellationToken cancellationToken);
}
