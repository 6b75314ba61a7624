using Bridge.Agent.Server;
using Bridge.Agent.Tests.TestSupport;

namespace Bridge.Agent.Tests.Node;

/// <summary>
/// An exchange that answers 503 or garbage (through <see cref="FaultingProxy"/> in front of the real one): the client
/// maps each answer to its failure, the identity service keeps its current SVID and retries, nothing crashes.
/// </summary>
public sealed class AgentServerFaultTests : IAsyncLifetime
{
    private const string OtherDomainEntries =
        """{"revision":"r1","entries":[],"trust_domain":"other.org","bundle":{"keys":[]}}""";

    private readonly TempDirectory _directory = new();
    private IidExchange _exchange = null!;
    private FaultingProxy _proxy = null!;

    public async ValueTask InitializeAsync()
    {
        _exchange = await IidExchange.StartAsync(agentSvidTtl: TimeSpan.FromMinutes(10));
        _proxy = await FaultingProxy.StartAsync(_exchange.BaseAddress);
    }

    [Fact]
    public async Task Sync_Answered503_IsUnavailableWithRetryAfter()
    {
        await using var agent = await StartAgentAsync();
        _proxy.Set(AgentServerClient.EntriesPath, new FaultingProxy.Fault(503, """{"error":"temporarily_unavailable","error_description":"x"}""", RetryAfterSeconds: 7));

        var failure = await Assert.ThrowsAsync<AgentServerException>(async () => await agent.Client.GetEntriesAsync(null, TestContext.Current.CancellationToken));

        Assert.Equal(AgentServerFailure.Unavailable, failure.Failure);
        Assert.Equal(503, failure.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), failure.RetryAfter);
        Assert.Equal("temporarily_unavailable", failure.Error);
        Assert.NotNull(agent.State.Current);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("""{"revision":"r1","entries":[],"trust_domain":"example.org"}""")]
    [InlineData(OtherDomainEntries)]
    [InlineData("""{"revision":"r1","entries":[{"id":"e1","spiffe_id":"spiffe://other.org/w","parent_id":"spiffe://example.org/p","selectors":[],"x509_svid_ttl_seconds":null,"jwt_svid_ttl_seconds":null,"audiences":[],"dns_names":[]}],"trust_domain":"example.org","bundle":{"keys":[]}}""")]
    [InlineData("""{"revision":"r1","entries":[],"trust_domain":"example.org","bundle":{"keys":"garbage"}}""")]
    [InlineData("""{"revision":"r1","revision":"r2","entries":[],"trust_domain":"example.org","bundle":{"keys":[]}}""")]
    [InlineData("""{"revision":"r1","entries":[{"id":"e1","spiffe_id":"spiffe://example.org/w","parent_id":"spiffe://example.org/p","selectors":null,"x509_svid_ttl_seconds":null,"jwt_svid_ttl_seconds":null,"audiences":[],"dns_names":[]}],"trust_domain":"example.org","bundle":{"keys":[]}}""")]
    public async Task Sync_AnsweredGarbage_IsAnInvalidResponse(string body)
    {
        await using var agent = await StartAgentAsync();
        _proxy.Set(AgentServerClient.EntriesPath, new FaultingProxy.Fault(200, body));

        var failure = await Assert.ThrowsAsync<AgentServerException>(async () => await agent.Client.GetEntriesAsync(null, TestContext.Current.CancellationToken));

        Assert.Equal(AgentServerFailure.InvalidResponse, failure.Failure);
    }

    [Theory]
    [InlineData("""{"svids":[{"entry_id":"e1","spiffe_id":"spiffe://example.org/w","x509_svid_chain":["bm90IGEgY2VydGlmaWNhdGU="],"expires_at":"2030-01-01T00:00:00+00:00"}]}""")]
    [InlineData("""{"svids":[]}""")]
    [InlineData("""{"svids":[{"entry_id":"e1","spiffe_id":"spiffe://other.org/w","x509_svid_chain":[],"expires_at":"2030-01-01T00:00:00+00:00"}]}""")]
    public async Task X509Batch_AnsweredGarbage_IsAnInvalidResponse(string body)
    {
        await using var agent = await StartAgentAsync();
        _proxy.Set(AgentServerClient.X509SvidsPath, new FaultingProxy.Fault(200, body));
        using var key = System.Security.Cryptography.ECDsa.Create();

        var failure = await Assert.ThrowsAsync<AgentServerException>(async () =>
            await agent.Client.MintX509SvidsAsync([new X509SvidMintRequest("e1", AgentIdentityApi.Csr(key))], TestContext.Current.CancellationToken));

        Assert.Equal(AgentServerFailure.InvalidResponse, failure.Failure);
    }

    [Theory]
    [InlineData(400, "invalid_request", AgentServerFailure.Refused)]
    [InlineData(403, "access_denied", AgentServerFailure.Refused)]
    [InlineData(401, "invalid_token", AgentServerFailure.Unauthenticated)]
    [InlineData(429, null, AgentServerFailure.Unavailable)]
    [InlineData(502, null, AgentServerFailure.Unavailable)]
    public async Task JwtSvid_ErrorStatuses_MapToTheirFailure(int status, string? error, AgentServerFailure expected)
    {
        await using var agent = await StartAgentAsync();
        _proxy.Set(AgentServerClient.JwtSvidsPath, new FaultingProxy.Fault(status, error is null ? null : $$"""{"error":"{{error}}","error_description":"x"}"""));

        var failure = await Assert.ThrowsAsync<AgentServerException>(async () =>
            await agent.Client.MintJwtSvidAsync("e1", ["ledger"], TestContext.Current.CancellationToken));

        Assert.Equal(expected, failure.Failure);
        Assert.Equal(status, failure.StatusCode);
        Assert.Equal(error, failure.Error);
    }

    [Theory]
    [InlineData(503, null)]
    [InlineData(200, "{\"spiffe_id\":\"spiffe://example.org/bridge/agent/aws_iid/123456789012/us-east-1/i-0123456789abcdef0\",\"x5c\":[\"AAAA\"],\"expires_at\":1,\"trust_bundle\":[\"AAAA\"]}")]
    [InlineData(200, "[]")]
    public async Task Renewal_Failing_KeepsTheCurrentSvidAndRetriesUntilItWorks(int status, string? body)
    {
        await using var agent = await StartAgentAsync();
        var serial = agent.Serial;
        _proxy.Set(AgentIdentityApi.RenewPath, new FaultingProxy.Fault(status, body, RetryAfterSeconds: 5));

        await agent.AdvanceWhenWaitingAsync(agent.State.Current!.RenewAfter - _exchange.Time.GetUtcNow() + TimeSpan.FromSeconds(1));
        await TestAgent.EventuallyAsync(() => _proxy.FaultsServed >= 1, "the failed renewal");

        Assert.Equal(serial, agent.Serial);
        Assert.NotNull(await agent.Client.GetEntriesAsync(null, TestContext.Current.CancellationToken));

        _proxy.Clear();
        await agent.AdvanceWhenWaitingAsync(TimeSpan.FromMinutes(1));
        await TestAgent.EventuallyAsync(() => agent.Serial != serial, "the renewal after the outage");
    }

    [Fact]
    public async Task Attestation_Answered503_IsRetriedWithBackoffAndThenSucceeds()
    {
        _proxy.Set(AgentIdentityApi.AttestPath, new FaultingProxy.Fault(503, null, RetryAfterSeconds: 3));
        await using var agent = TestAgent.Create(_exchange, _directory.Data, serverUrl: _proxy.BaseAddress);
        await agent.StartAsync();
        await TestAgent.EventuallyAsync(() => _proxy.FaultsServed >= 1, "the refused attestation");
        Assert.Null(agent.State.Current);

        _proxy.Clear();
        await agent.AdvanceWhenWaitingAsync(TimeSpan.FromMinutes(2));
        await agent.Identity.Ready.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.NotNull(agent.State.Current);
    }

    public async ValueTask DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _exchange.DisposeAsync();
        _directory.Dispose();
    }

    private Task<TestAgent> StartAgentAsync() => TestAgent.Create(_exchange, _directory.Data, serverUrl: _proxy.BaseAddress).StartAndWaitAsync();
}
