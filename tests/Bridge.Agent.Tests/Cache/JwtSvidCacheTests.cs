using Bridge.Agent.Cache;
using Bridge.Agent.Server;

namespace Bridge.Agent.Tests.Cache;

public sealed class JwtSvidCacheTests
{
    [Fact]
    public async Task JwtSvid_IsReusedUntilHalfItsLifeThenMintedAgain()
    {
        using var harness = await SyncedAsync();
        var identities = harness.Cache.Current.Identities;

        var first = await harness.Cache.FetchJwtSvidsAsync(identities, ["ledger"], CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromMinutes(4.9));
        var second = await harness.Cache.FetchJwtSvidsAsync(identities, ["ledger"], CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromMinutes(0.2));
        var third = await harness.Cache.FetchJwtSvidsAsync(identities, ["ledger"], CancellationToken.None);

        Assert.Equal(first[0].Token, second[0].Token);
        Assert.NotEqual(first[0].Token, third[0].Token);
        Assert.Equal(2, harness.Server.JwtCalls);
        Assert.Equal("spiffe://example.org/workload/a", first[0].SpiffeId);
    }

    [Fact]
    public async Task ManyCallersOfOneKey_ShareOneMint()
    {
        using var harness = await SyncedAsync();
        harness.Server.JwtGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var identities = harness.Cache.Current.Identities;

        var callers = Enumerable.Range(0, 200)
            .Select(i => harness.Cache.FetchJwtSvidsAsync(identities, i % 2 == 0 ? ["ledger", "billing"] : ["billing", "ledger", "billing"], CancellationToken.None).AsTask())
            .ToArray();
        harness.Server.JwtGate.SetResult();
        var results = await Task.WhenAll(callers);

        Assert.Equal(1, harness.Server.JwtCalls);
        Assert.Single(results.Select(r => r[0].Token).Distinct());
    }

    [Fact]
    public async Task ACallerThatGivesUp_DoesNotCancelTheMintOthersWaitFor()
    {
        using var harness = await SyncedAsync();
        harness.Server.JwtGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var identities = harness.Cache.Current.Identities;
        using var impatient = new CancellationTokenSource();

        var gaveUp = harness.Cache.FetchJwtSvidsAsync(identities, ["ledger"], impatient.Token).AsTask();
        var waits = harness.Cache.FetchJwtSvidsAsync(identities, ["ledger"], CancellationToken.None).AsTask();
        await impatient.CancelAsync();
        harness.Server.JwtGate.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gaveUp);
        Assert.Single(await waits);
        Assert.Equal(1, harness.Server.JwtCalls);
    }

    [Fact]
    public async Task EachIdentity_GetsItsOwnJwtSvid()
    {
        using var harness = await SyncedAsync("a", "b");

        var svids = await harness.Cache.FetchJwtSvidsAsync(harness.Cache.Current.Identities, ["ledger"], CancellationToken.None);

        Assert.Equal(["a", "b"], svids.Select(s => s.EntryId));
        Assert.Equal(2, harness.Server.JwtCalls);
    }

    [Fact]
    public async Task Outage_ServesTheCachedJwtSvidUntilItExpires()
    {
        using var harness = await SyncedAsync();
        var identities = harness.Cache.Current.Identities;
        var minted = await harness.Cache.FetchJwtSvidsAsync(identities, ["ledger"], CancellationToken.None);
        harness.Server.JwtFailure = IdentitySynchronizerTests.Unavailable();

        harness.Time.Advance(TimeSpan.FromMinutes(9));
        var served = await harness.Cache.FetchJwtSvidsAsync(identities, ["ledger"], CancellationToken.None);
        Assert.Equal(minted[0].Token, served[0].Token);
        Assert.Contains(harness.JwtLogger.Entries, e => e.Contains(" 8312 ", StringComparison.Ordinal));

        harness.Time.Advance(TimeSpan.FromMinutes(1));
        var failure = await Assert.ThrowsAsync<AgentServerException>(() => harness.Cache.FetchJwtSvidsAsync(identities, ["ledger"], CancellationToken.None).AsTask());
        Assert.Equal(AgentServerFailure.Unavailable, failure.Failure);
    }

    [Fact]
    public async Task Refused_DropsTheCachedJwtSvid()
    {
        using var harness = await SyncedAsync();
        var identities = harness.Cache.Current.Identities;
        await harness.Cache.FetchJwtSvidsAsync(identities, ["ledger"], CancellationToken.None);
        harness.Server.JwtFailure = new AgentServerException(AgentServerFailure.Refused, "POST /agent/v1/jwt-svids: 403.", 403);

        harness.Time.Advance(TimeSpan.FromMinutes(6));
        await Assert.ThrowsAsync<AgentServerException>(() => harness.Cache.FetchJwtSvidsAsync(identities, ["ledger"], CancellationToken.None).AsTask());

        harness.Server.JwtFailure = IdentitySynchronizerTests.Unavailable();
        await Assert.ThrowsAsync<AgentServerException>(() => harness.Cache.FetchJwtSvidsAsync(identities, ["ledger"], CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task AnswerForAnotherIdentity_IsNotCachedOrServed()
    {
        using var harness = await SyncedAsync();
        var identity = harness.Cache.Current.Identities[0];
        var renamed = identity with { Entry = identity.Entry with { SpiffeId = "spiffe://example.org/not-what-the-server-says" } };

        var failure = await Assert.ThrowsAsync<AgentServerException>(() => harness.Cache.FetchJwtSvidsAsync([renamed], ["ledger"], CancellationToken.None).AsTask());

        Assert.Equal(AgentServerFailure.InvalidResponse, failure.Failure);
        Assert.Equal(0, harness.Jwt.Count);
    }

    [Fact]
    public async Task Cache_IsBoundedAndDropsTheOldestFirst()
    {
        using var harness = await SyncedAsync(new IdentityCacheOptions { MaxCachedJwtSvids = 3 });
        var identities = harness.Cache.Current.Identities;

        foreach (var audience in new[] { "a1", "a2", "a3", "a4" })
        {
            await harness.Cache.FetchJwtSvidsAsync(identities, [audience], CancellationToken.None);
        }

        Assert.Equal(3, harness.Jwt.Count);
        await harness.Cache.FetchJwtSvidsAsync(identities, ["a4"], CancellationToken.None);
        Assert.Equal(4, harness.Server.JwtCalls);
        await harness.Cache.FetchJwtSvidsAsync(identities, ["a1"], CancellationToken.None);
        Assert.Equal(5, harness.Server.JwtCalls);
    }

    [Fact]
    public async Task Tokens_AreNeverLogged()
    {
        using var harness = await SyncedAsync();

        var svids = await harness.Cache.FetchJwtSvidsAsync(harness.Cache.Current.Identities, ["ledger"], CancellationToken.None);

        Assert.NotEmpty(harness.JwtLogger.Entries);
        Assert.DoesNotContain(harness.JwtLogger.Entries, e => e.Contains(svids[0].Token, StringComparison.Ordinal));
    }

    public static TheoryData<string[]> BadAudiences() => new()
    {
        Array.Empty<string>(),
        new[] { "" },
        new[] { "  " },
        new[] { "ok", new string('x', 256) },
        Enumerable.Range(0, 17).Select(i => $"aud-{i}").ToArray(),
    };

    [Theory]
    [MemberData(nameof(BadAudiences))]
    public async Task BadAudience_IsAnArgumentException(string[] audience)
    {
        using var harness = await SyncedAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => harness.Cache.FetchJwtSvidsAsync(harness.Cache.Current.Identities, audience, CancellationToken.None).AsTask());
        Assert.Equal(0, harness.Server.JwtCalls);
    }

    [Fact]
    public void Audience_IsDeduplicatedAndSorted()
    {
        Assert.Equal(["a", "b"], JwtSvidCache.NormalizeAudience(["b", "a", "b"]));
        Assert.Equal(16, JwtSvidCache.NormalizeAudience([.. Enumerable.Range(0, 16).Select(i => $"x{i}"), "x0"]).Length);
    }

    private static Task<CacheHarness> SyncedAsync(params string[] ids) => SyncedAsync(null, ids);

    private static async Task<CacheHarness> SyncedAsync(IdentityCacheOptions? options, params string[] ids)
    {
        var harness = new CacheHarness(options);
        harness.Server.Entries = [.. (ids.Length == 0 ? ["a"] : ids).Select(id => FakeAgentServerClient.Entry(id))];
        await harness.SyncAsync();
        return harness;
    }
}
