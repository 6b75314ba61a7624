using Bridge.Agent.Workloads;

namespace Bridge.Agent.Tests.WorkloadApi;

/// <summary>Stands in for the workload attestors: every caller gets <see cref="Selectors"/>, or the attestation fails.</summary>
internal sealed class FakeWorkloadAttestation : IWorkloadAttestation
{
    private int _calls;

    public IReadOnlyList<string> Selectors { get; set; } = ["unix:uid:0"];

    public bool Fail { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public PeerCredentials? LastCaller { get; private set; }

    public ValueTask<IReadOnlyList<string>> AttestAsync(PeerCredentials caller, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        LastCaller = caller;
        return Fail
            ? throw new WorkloadAttestationException($"pid {caller.ProcessId} exited during attestation")
            : ValueTask.FromResult(Selectors);
    }
}
