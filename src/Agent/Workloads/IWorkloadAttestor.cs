namespace Bridge.Agent.Workloads;

/// <summary>
/// One kind of workload evidence (<c>unix</c>, <c>docker</c>, <c>ecs</c>): turns a caller into selectors such as
/// <c>unix:uid:1000</c> or <c>docker:label:app:web</c>, the exact form registration entries use (docs/registration.md).
/// Attestors report facts only; matching and issuing happen elsewhere.
/// </summary>
public interface IWorkloadAttestor
{
    /// <summary>The selector type this attestor emits, e.g. <c>unix</c>.</summary>
    string Name { get; }

    /// <summary>
    /// The caller's selectors, each <c>&lt;Name&gt;:&lt;value&gt;</c>; empty when this attestor knows nothing about the
    /// caller (for example <c>docker</c> for a process outside any container).
    /// </summary>
    /// <exception cref="WorkloadAttestationException">The caller cannot be attested safely (it exited, its PID now names
    /// another process, or a source this attestor needs answered garbage or not at all).</exception>
    ValueTask<IReadOnlyList<string>> AttestAsync(PeerCredentials caller, CancellationToken cancellationToken);
}
