using Bridge.Agent.Cache;
using Bridge.Agent.Hosting;

namespace Bridge.Agent.Tests.Cache;

public sealed class IdentityCacheSettingsTests
{
    [Theory]
    [InlineData("127.0.0.1:8788", true)]
    [InlineData("127.0.0.2:9000", true)]
    [InlineData("[::1]:8788", true)]
    [InlineData("127.0.0.1:0", true)]
    [InlineData("0.0.0.0:8788", false)]
    [InlineData("[::]:8788", false)]
    [InlineData("10.0.0.5:8788", false)]
    [InlineData("localhost:8788", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("[::1]", false)]
    [InlineData("127.0.0.1:99999", false)]
    public void Listen_AcceptsOnlyALoopbackAddressWithAPort(string listen, bool accepted)
    {
        var result = new AgentHealthOptionsValidator().Validate(null, new AgentHealthOptions { Listen = listen });

        Assert.Equal(accepted, result.Succeeded);
        if (!accepted)
        {
            Assert.StartsWith("BridgeAgent:Health:Listen: must be a loopback address", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Defaults_AreValid()
    {
        Assert.True(new IdentityCacheOptionsValidator().Validate(null, new IdentityCacheOptions()).Succeeded);
        Assert.True(new AgentHealthOptionsValidator().Validate(null, new AgentHealthOptions()).Succeeded);
        Assert.Equal("127.0.0.1:8788", new AgentHealthOptions().Listen);
        Assert.Equal(TimeSpan.FromSeconds(30), new IdentityCacheOptions().SyncInterval);
    }

    [Fact]
    public async Task Run_WithBadCacheAndHealthSettings_ReportsEachWithItsFullKeyAtOnce()
    {
        using var error = new StringWriter();

        var exitCode = await AgentApplication.RunAsync(
            [
                "--BridgeAgent:ServerUrl=https://bridge.example.org",
                "--BridgeAgent:TrustDomain=example.org",
                "--BridgeAgent:Cache:SyncInterval=00:00:00",
                "--BridgeAgent:Cache:MaxBatchSize=51",
                "--BridgeAgent:Cache:RetryBackoffMin=00:00:10",
                "--BridgeAgent:Cache:RetryBackoffMax=00:00:05",
                "--BridgeAgent:Cache:RenewAt=0.95",
                "--BridgeAgent:Cache:RenewJitter=0.5",
                "--BridgeAgent:Health:Listen=0.0.0.0:8788",
            ],
            error);

        Assert.Equal(AgentStartupErrors.InvalidSettings, exitCode);
        var text = error.ToString();
        foreach (var key in new[] { "SyncInterval", "MaxBatchSize", "RetryBackoffMax", "RenewAt", "RenewJitter" })
        {
            Assert.Contains($"BridgeAgent:Cache:{key}: ", text, StringComparison.Ordinal);
        }

        Assert.Contains("BridgeAgent:Health:Listen: must be a loopback address", text, StringComparison.Ordinal);
    }
}
