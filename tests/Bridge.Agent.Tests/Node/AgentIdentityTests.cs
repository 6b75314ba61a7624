using System.Net;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Agent.Node;
using Bridge.Agent.Server;
using Bridge.Agent.Tests.TestSupport;
using Bridge.Testing.Aws.Ec2;

namespace Bridge.Agent.Tests.Node;

/// <summary>
/// Node attestation and the agent SVID against the real exchange on loopback, with its real <c>aws_iid</c> attestor
/// trusting the test IID authority and the agent reading the document from the IMDSv2 stand-in.
/// </summary>
public sealed class AgentIdentityTests : IAsyncLifetime
{
    private const string Attest = "POST /agent/v1/attest";
    private const string Renew = "POST /agent/v1/renew";
    private readonly TempDirectory _directory = new();
    private IidExchange _exchange = null!;

    public async ValueTask InitializeAsync() => _exchange = await IidExchange.StartAsync(agentSvidTtl: TimeSpan.FromMinutes(10));

    [Fact]
    public async Task Start_WithNoData_AttestsOnceFromImdsAndKeepsTheSvidOwnerOnly()
    {
        await using var agent = await TestAgent.Create(_exchange, _directory.Data).StartAndWaitAsync();

        var state = agent.State.Current!;
        Assert.Equal(IidExchange.AgentId, state.AgentId);
        Assert.Single(agent.CallsTo(Attest));
        Assert.Equal(Attest + " 200", agent.CallsTo(Attest)[0]);
        Assert.Contains("PUT /latest/api/token 200", _exchange.Imds.Requests);
        Assert.Contains("GET /latest/dynamic/instance-identity/rsa2048 200", _exchange.Imds.Requests);

        var record = await _exchange.Nodes.GetAsync(IidExchange.AgentId, TestContext.Current.CancellationToken);
        Assert.Equal(agent.Serial, record!.SvidSerialNumber);
        Assert.Equal(state.ExpiresAt, record.SvidExpiresAt);
        var lifetime = state.ExpiresAt - agent.Credentials.IssuedAt;
        Assert.InRange(state.RenewAfter - agent.Credentials.IssuedAt, lifetime * 0.4, lifetime * 0.5);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, TestAgent.ModeOf(_directory.Data));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, TestAgent.ModeOf(Path.Combine(_directory.Data, AgentIdentityStore.SvidFileName)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, TestAgent.ModeOf(Path.Combine(_directory.Data, AgentIdentityStore.BundleFileName)));
        Assert.Equal([AgentIdentityStore.SvidFileName, AgentIdentityStore.BundleFileName], Directory.GetFiles(_directory.Data).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Restart_WithTheStoredSvid_DoesNotAttestAgainAndTheSvidStillAuthenticates()
    {
        string serial;
        await using (var first = await TestAgent.Create(_exchange, _directory.Data).StartAndWaitAsync())
        {
            serial = first.Credentials.SerialNumber;
        }

        await using var restarted = await TestAgent.Create(_exchange, _directory.Data).StartAndWaitAsync();

        Assert.Equal(serial, restarted.Credentials.SerialNumber);
        var sync = await restarted.Client.GetEntriesAsync(null, TestContext.Current.CancellationToken);
        Assert.NotNull(sync);
        Assert.Empty(restarted.CallsTo(Attest));
    }

    [Fact]
    public async Task Renewal_AtHalfTheLifetime_RenewsAndTheFirstUsePromotesTheNewSerial()
    {
        await using var agent = await TestAgent.Create(_exchange, _directory.Data).StartAndWaitAsync();
        var old = agent.Credentials;

        // Nothing happens before the renewal time.
        await agent.AdvanceWhenWaitingAsync(agent.State.Current!.RenewAfter - _exchange.Time.GetUtcNow() - TimeSpan.FromSeconds(1));
        await agent.Client.GetEntriesAsync(null, TestContext.Current.CancellationToken);
        Assert.Empty(agent.CallsTo(Renew));

        await agent.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(2));
        await TestAgent.EventuallyAsync(() => agent.Serial != old.SerialNumber, "the renewal");

        var renewed = agent.Credentials;
        Assert.Equal(Renew + " 200", Assert.Single(agent.CallsTo(Renew)));
        var pending = await _exchange.Nodes.GetAsync(IidExchange.AgentId, TestContext.Current.CancellationToken);
        Assert.Equal(old.SerialNumber, pending!.SvidSerialNumber);
        Assert.Equal(renewed.SerialNumber, pending.PendingSvidSerialNumber);

        await agent.Client.GetEntriesAsync(null, TestContext.Current.CancellationToken);
        var promoted = await _exchange.Nodes.GetAsync(IidExchange.AgentId, TestContext.Current.CancellationToken);
        Assert.Equal(renewed.SerialNumber, promoted!.SvidSerialNumber);

        // And the renewed SVID is what a restart loads.
        var stored = agent.Store.Load(Bridge.Spiffe.Id.TrustDomain.Parse(IidExchange.TrustDomainName), out _);
        Assert.Equal(renewed.SerialNumber, stored!.SerialNumber);
    }

    [Fact]
    public async Task LostData_ReattestsSafelyWithAWebIdentityTokenNamingTheInstance()
    {
        await using (await TestAgent.Create(_exchange, _directory.Data).StartAndWaitAsync())
        {
        }

        Directory.Delete(_directory.Data, recursive: true);
        _exchange.Sts.SessionClaims["ec2_source_instance_arn"] = IidExchange.InstanceArn;
        var settings = new Dictionary<string, string?> { ["BridgeAgent:NodeAttestor:ReattestWithWebIdentityToken"] = "true" };

        await using var agent = await TestAgent.Create(_exchange, _directory.Data, settings).StartAndWaitAsync();

        // The same evidence alone is refused (trust on first use); with the presence proof it is a safe re-attestation.
        Assert.Equal([Attest + " 403", Attest + " 200"], agent.CallsTo(Attest));
        Assert.Single(_exchange.Sts.IssuedTokens);
        Assert.Equal(IidExchange.AgentId, agent.State.Current!.AgentId);
        var record = await _exchange.Nodes.GetAsync(IidExchange.AgentId, TestContext.Current.CancellationToken);
        Assert.Equal(agent.Credentials.SerialNumber, record!.SvidSerialNumber);
    }

    [Fact]
    public async Task LostData_WithoutAWebIdentityToken_IsRefusedAndTheAgentKeepsTrying()
    {
        await using (await TestAgent.Create(_exchange, _directory.Data).StartAndWaitAsync())
        {
        }

        Directory.Delete(_directory.Data, recursive: true);

        await using var agent = TestAgent.Create(_exchange, _directory.Data);
        await agent.StartAsync();
        await TestAgent.EventuallyAsync(() => agent.CallsTo(Attest).Count >= 2, "two attempts");

        Assert.All(agent.CallsTo(Attest), call => Assert.Equal(Attest + " 403", call));
        Assert.Null(agent.State.Current);
        Assert.Empty(_exchange.Sts.IssuedTokens);

        // It retries after a backoff, never in a tight loop.
        var attempts = agent.CallsTo(Attest).Count;
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.Equal(attempts, agent.CallsTo(Attest).Count);
        await agent.AdvanceWhenWaitingAsync(TimeSpan.FromMinutes(2));
        await TestAgent.EventuallyAsync(() => agent.CallsTo(Attest).Count > attempts, "the retry after the backoff");
    }

    [Fact]
    public async Task EvictedNode_The401MakesTheAgentAttestAgain()
    {
        await using var agent = await TestAgent.Create(_exchange, _directory.Data).StartAndWaitAsync();
        var old = agent.Credentials;
        await _exchange.Nodes.DeleteAsync(IidExchange.AgentId, null, TestContext.Current.CancellationToken);

        var refused = await Assert.ThrowsAsync<AgentServerException>(async () => await agent.Client.GetEntriesAsync(null, TestContext.Current.CancellationToken));

        Assert.Equal(AgentServerFailure.Unauthenticated, refused.Failure);
        await TestAgent.EventuallyAsync(() => agent.Serial != old.SerialNumber, "the re-attestation");
        Assert.Equal(2, agent.CallsTo(Attest + " 200").Count);
        Assert.NotNull(await agent.Client.GetEntriesAsync(null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ProofOfPossession_IsAcceptedForEntriesX509SvidsAndJwtSvids()
    {
        var entry = await _exchange.RegisterUnderAgentAsync("web/frontend", [new Selector("unix", "uid:1000")]);
        await using var agent = await TestAgent.Create(_exchange, _directory.Data).StartAndWaitAsync();
        var cancel = TestContext.Current.CancellationToken;

        var sync = await agent.Client.GetEntriesAsync(null, cancel);
        var synced = Assert.Single(sync!.Entries);
        Assert.Equal(entry.Id, synced.Id);
        Assert.Equal(entry.SpiffeId, synced.SpiffeId);
        Assert.Equal(["unix:uid:1000"], synced.Selectors);
        Assert.NotEmpty(sync.Bundle.X509Authorities);
        Assert.Null(await agent.Client.GetEntriesAsync(sync.Revision, cancel));

        using var workloadKey = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var minted = await agent.Client.MintX509SvidsAsync([new X509SvidMintRequest(entry.Id, AgentIdentityApi.Csr(workloadKey))], cancel);
        var svid = Assert.Single(minted);
        Assert.Equal(entry.SpiffeId, svid.SpiffeId);
        Assert.Equal([entry.SpiffeId], AgentResponseReader.UriSans(svid.Chain[0]));
        Assert.True(AgentIdentityApi.Chains(svid.Chain, sync.Bundle.X509Authorities, _exchange.Time.GetUtcNow()));

        var jwt = await agent.Client.MintJwtSvidAsync(entry.Id, ["ledger"], cancel);
        Assert.Equal(entry.SpiffeId, jwt.SpiffeId);
        Assert.Equal(entry.SpiffeId, new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(jwt.Token).Subject);

        var refused = await Assert.ThrowsAsync<AgentServerException>(async () => await agent.Client.MintJwtSvidAsync("no-such-entry", ["ledger"], cancel));
        Assert.Equal(AgentServerFailure.Refused, refused.Failure);
        Assert.Equal("access_denied", refused.Error);
        Assert.Equal((int)HttpStatusCode.Forbidden, refused.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        await _exchange.DisposeAsync();
        _directory.Dispose();
    }
}
