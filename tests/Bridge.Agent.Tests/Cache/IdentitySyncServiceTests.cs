namespace Bridge.Agent.Tests.Cache;

public sealed class IdentitySyncServiceTests
{
    [Fact]
    public async Task Loop_SyncsAgainOnlyWhenTheInjectedClockReachesTheSyncInterval()
    {
        await using var host = await CacheHost.StartAsync(beforeStart: server => server.Entries = [FakeAgentServerClient.Entry("a")]);
        await CacheHost.EventuallyAsync(() => host.Cache.Current.Version == 1 && host.Cache.Status.LastSuccessAt is not null);
        Assert.Equal(1, host.Server.EntriesCalls);

        await host.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(29));
        Assert.Equal(1, host.Server.EntriesCalls);

        await host.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(1));
        await CacheHost.EventuallyAsync(() => host.Server.EntriesCalls == 2);

        host.Server.Entries = [FakeAgentServerClient.Entry("a"), FakeAgentServerClient.Entry("b")];
        await host.AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(30));
        await CacheHost.EventuallyAsync(() => host.Cache.Current.Version == 2);
        Assert.All(host.Cache.Current.Identities, identity => Assert.NotNull(identity.X509Svid));
    }
}
