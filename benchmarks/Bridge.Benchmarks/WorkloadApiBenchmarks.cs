extern alias agent;

using agent::Bridge.Agent.Workloads;
using BenchmarkDotNet.Attributes;
using Bridge.Benchmarks.AgentLoad;
using Bridge.Client.WorkloadApi;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Benchmarks;

/// <summary>
/// The agent's Workload API in process (<see cref="InProcessWorkloadApi"/>: the real socket, attestation and cache), one
/// call at a time: the cached FetchX509SVID round trip a workload makes over an established connection, and the part
/// of it that is the caller's attestation (the <c>unix</c> attestor and the PID-reuse guard reading <c>/proc</c>).
/// </summary>
[Config(typeof(PerCallConfig))]
[MemoryDiagnoser]
public class WorkloadApiBenchmarks
{
    private InProcessWorkloadApi _api = null!;
    private WorkloadApiClient _client = null!;
    private IWorkloadAttestation _attestation = null!;
    private PeerCredentials _self;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _api = await InProcessWorkloadApi.StartAsync();
        _client = WorkloadApiCaller.Connect(_api.SocketPath);
        _attestation = _api.Services.GetRequiredService<IWorkloadAttestation>();
        var status = new ProcFileSystem().ReadStatus(Environment.ProcessId);
        _self = new PeerCredentials(Environment.ProcessId, status.EffectiveUserId, status.EffectiveGroupId);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }

    [Benchmark(Description = "Workload API: cached FetchX509SVID (open, first response, close)")]
    public async Task<int> FetchX509SvidAsync() => (await WorkloadApiCaller.FetchX509SvidAsync(_client)).Svids.Count;

    [Benchmark(Description = "Workload API: attest the caller (unix attestor + PID-reuse guard)")]
    public async Task<int> AttestAsync() => (await _attestation.AttestAsync(_self, CancellationToken.None)).Count;
}
