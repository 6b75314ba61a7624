using Bridge.Agent.Cache;
using Bridge.Agent.Hosting;
using Bridge.Testing.Agents;
using Bridge.Testing.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Agent.Tests.Cache;

/// <summary>The cache's parts wired as the agent wires them, on a fake clock, against <see cref="FakeAgentServerClient"/>.</summary>
internal sealed class CacheHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 12, 7, 6, 0, 0, TimeSpan.Zero);

    public CacheHarness(IdentityCacheOptions? options = null)
    {
        Options = options ?? new IdentityCacheOptions();
        Ca = new TestSpiffeCa("example.org", Start);
        Server = new FakeAgentServerClient(Ca, Time);
        Jwt = new JwtSvidCache(Server, Time, Options.RenewAt, Options.MaxCachedJwtSvids, JwtLogger);
        Cache = new WorkloadIdentityCache(Jwt);
        Synchronizer = new IdentitySynchronizer(
            Server, Cache, Time, Microsoft.Extensions.Options.Options.Create(Options),
            Microsoft.Extensions.Options.Options.Create(new AgentOptions { TrustDomain = "example.org" }), Logger);
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public IdentityCacheOptions Options { get; }

    public TestSpiffeCa Ca { get; }

    public FakeAgentServerClient Server { get; }

    public JwtSvidCache Jwt { get; }

    public WorkloadIdentityCache Cache { get; }

    public IdentitySynchronizer Synchronizer { get; }

    public CapturingLogger<IdentitySynchronizer> Logger { get; } = new();

    public CapturingLogger<JwtSvidCache> JwtLogger { get; } = new();

    public Task<TimeSpan> SyncAsync() => Synchronizer.SyncOnceAsync(CancellationToken.None);

    public void Dispose() => Ca.Dispose();
}
