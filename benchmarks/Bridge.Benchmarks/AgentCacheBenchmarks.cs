extern alias agent;

using agent::Bridge.Agent.Cache;
using agent::Bridge.Agent.Hosting;
using agent::Bridge.Agent.Server;
using BenchmarkDotNet.Attributes;
using Bridge.Testing.Agents;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bridge.Benchmarks;

/// <summary>
/// The agent's identity cache with 1,000 entries, in process against an in-memory agent API that signs for real
/// (<see cref="TestSpiffeCa"/>): a sync in which one entry changed (diff, one P-256 key and CSR, one signed SVID verified
/// against the bundle, one snapshot published), and <see cref="IdentitySnapshot.Match"/> of one workload's selectors,
/// memoized (a caller seen before) and cold (the first caller after a publish).
/// </summary>
[MemoryDiagnoser]
public class AgentCacheBenchmarks
{
    private const int Entries = 1_000;

    private TestSpiffeCa _ca = null!;
    private InMemoryAgentServer _server = null!;
    private IdentitySynchronizer _synchronizer = null!;
    private WorkloadIdentityCache _cache = null!;
    private string[] _workloadSelectors = null!;
    private int _round;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var time = TimeProvider.System;
        _ca = new TestSpiffeCa("example.org", time.GetUtcNow());
        _server = new InMemoryAgentServer(_ca, time) { Entries = [.. Enumerable.Range(0, Entries).Select(i => Entry(i, "v0"))] };
        _cache = new WorkloadIdentityCache(new JwtSvidCache(_server, time, 0.5, 10_000, NullLogger<JwtSvidCache>.Instance));
        _synchronizer = new IdentitySynchronizer(_server, _cache, time, Options.Create(new IdentityCacheOptions()),
            Options.Create(new AgentOptions { TrustDomain = "example.org" }), NullLogger<IdentitySynchronizer>.Instance);
        await _synchronizer.SyncOnceAsync(CancellationToken.None);

        // A workload whose attested facts match 10 of the 1,000 entries (uid 1007, one of ten executables).
        _workloadSelectors = ["unix:gid:1000", "unix:path:/usr/bin/app-7", "unix:uid:1007", "unix:user:app"];
    }

    [GlobalCleanup]
    public void Cleanup() => _ca.Dispose();

    [Benchmark]
    public async Task<long> SyncWithOneEntryChanged()
    {
        var round = ++_round;
        var entries = _server.Entries.ToArray();
        entries[round % Entries] = Entry(round % Entries, "v" + round);
        _server.Entries = entries;
        await _synchronizer.SyncOnceAsync(CancellationToken.None);
        return _cache.Current.Version;
    }

    [Benchmark]
    public int MatchMemoized() => _cache.Current.Match(_workloadSelectors).Count;

    [Benchmark]
    public int MatchCold()
    {
        var current = _cache.Current;
        return new IdentitySnapshot(current.Version, current.Identities, current.Bundle, current.SyncedAt).Match(_workloadSelectors).Count;
    }

    private static AuthorizedEntry Entry(int i, string version) =>
        new($"entry-{i:D4}", $"spiffe://example.org/app/{i:D4}", "spiffe://example.org/bridge/nodeset/web",
            [$"unix:path:/usr/bin/app-{i % 10}", $"unix:uid:{1000 + (i % 100)}"], null, null, ["ledger"], [$"app-{i:D4}-{version}.internal"], null, null);
}
