using System.Net;
using System.Text.Json;
using Bridge.Agent.Node;
using Bridge.Spiffe.Id;

namespace Bridge.Agent.Tests.Cache;

public sealed class AgentHealthTests
{
    [Fact]
    public async Task Health_GoesFromStartingToOkToDegradedToExpired()
    {
        var agent = new AgentIdentityState(SpiffeId.Parse("spiffe://example.org/bridge/agent/aws_iid/123456789012/us-east-1/i-0abc"),
            CacheHarness.Start.AddHours(1), CacheHarness.Start.AddMinutes(30));
        await using var host = await CacheHost.StartAsync(agent: agent, beforeStart: server =>
        {
            server.Entries = [FakeAgentServerClient.Entry("a", x509Ttl: 600), FakeAgentServerClient.Entry("b", x509Ttl: 1200)];
            server.EntriesGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        });
        using var client = new HttpClient();

        var (status, json) = await GetAsync(client, host.HealthAddress);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("starting", json.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("last_sync").ValueKind);

        host.Server.EntriesGate!.SetResult();
        await CacheHost.EventuallyAsync(() => host.Cache.Current.Identities.Count == 2 && host.Cache.Status.LastSuccessAt is not null);
        await host.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(5));
        (status, json) = await GetAsync(client, host.HealthAddress);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", json.GetProperty("status").GetString());
        Assert.Equal(5, json.GetProperty("last_sync_age_seconds").GetInt64());
        Assert.Equal(2, json.GetProperty("entries").GetInt32());
        Assert.Equal(2, json.GetProperty("x509_svids").GetInt32());
        Assert.Equal(595, json.GetProperty("soonest_x509_svid_expiry_seconds").GetInt64());
        Assert.Equal(CacheHarness.Start.AddHours(1), json.GetProperty("agent_svid_expiry").GetDateTimeOffset());
        Assert.Equal(3595, json.GetProperty("agent_svid_expiry_seconds").GetInt64());

        host.Server.EntriesFailure = IdentitySynchronizerTests.Unavailable();
        host.Server.MintFailure = IdentitySynchronizerTests.Unavailable();
        await host.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(25));
        await CacheHost.EventuallyAsync(() => host.Cache.Status.ConsecutiveFailures > 0);
        (status, json) = await GetAsync(client, host.HealthAddress);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("degraded", json.GetProperty("status").GetString());
        Assert.Equal("unavailable", json.GetProperty("last_failure").GetString());

        // The loop wakes at the first expiry and drops that SVID; the other is still served.
        await host.AdvanceWhenWaitingAsync(TimeSpan.FromMinutes(10));
        await CacheHost.EventuallyAsync(() => host.Cache.Current.Identities.Count(i => i.X509Svid is not null) == 1);
        (status, json) = await GetAsync(client, host.HealthAddress);
        Assert.Equal("degraded", json.GetProperty("status").GetString());
        Assert.Equal(1, json.GetProperty("x509_svids").GetInt32());

        await host.AdvanceWhenWaitingAsync(TimeSpan.FromMinutes(10));
        await CacheHost.EventuallyAsync(() => host.Cache.Current.Identities.All(i => i.X509Svid is null));
        (status, json) = await GetAsync(client, host.HealthAddress);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("expired", json.GetProperty("status").GetString());
        Assert.Equal(0, json.GetProperty("x509_svids").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("soonest_x509_svid_expiry").ValueKind);
    }

    [Fact]
    public async Task Health_IsNotServedOnTheWorkloadApiSocket()
    {
        await using var host = await CacheHost.StartAsync();
        using var client = host.SocketClient();

        using var response = await client.GetAsync(new Uri("http://localhost/health"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Health_AnswersNoStoreJsonOverHttp11()
    {
        await using var host = await CacheHost.StartAsync();
        using var client = new HttpClient();

        using var response = await client.GetAsync(host.HealthAddress, TestContext.Current.CancellationToken);

        Assert.Equal(new Version(1, 1), response.Version);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task EmptyListen_SwitchesTheEndpointOff()
    {
        await using var host = await CacheHost.StartAsync(listen: "");

        Assert.DoesNotContain(host.Addresses, a => a.StartsWith("http://127.", StringComparison.Ordinal) || a.Contains("localhost", StringComparison.Ordinal));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Json)> GetAsync(HttpClient client, Uri address)
    {
        using var response = await client.GetAsync(address, TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (response.StatusCode, document.RootElement.Clone());
    }
}
