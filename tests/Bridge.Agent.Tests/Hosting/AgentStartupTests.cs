using Bridge.Agent.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Bridge.Agent.Tests.Hosting;

public sealed class AgentStartupTests
{
    [Fact]
    public async Task Run_WithNoSettings_ReportsEveryMissingSettingAtOnceAndExitsWithTheSettingsCode()
    {
        using var error = new StringWriter();

        var exitCode = await AgentApplication.RunAsync([], error);

        Assert.Equal(AgentStartupErrors.InvalidSettings, exitCode);
        var text = error.ToString();
        Assert.StartsWith("error: bridge-agent cannot start (", text, StringComparison.Ordinal);
        Assert.Contains("BridgeAgent:ServerUrl: required", text, StringComparison.Ordinal);
        Assert.Contains("BridgeAgent:TrustDomain: required", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithAnUnknownSetting_NamesItInsteadOfIgnoringIt()
    {
        using var error = new StringWriter();

        var exitCode = await AgentApplication.RunAsync(["--BridgeAgent:ServerUrl=https://bridge.example.org", "--BridgeAgent:TrustDomain=example.org", "--BridgeAgent:SeverUrl=x"], error);

        Assert.Equal(AgentStartupErrors.InvalidSettings, exitCode);
        Assert.Contains("BridgeAgent:SeverUrl: unknown setting", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithAnUnknownSettingAndInvalidOnes_ReportsThemAllInOneList()
    {
        using var error = new StringWriter();

        var exitCode = await AgentApplication.RunAsync(["--BridgeAgent:ServerUrl=http://bridge.example.org", "--BridgeAgent:DataDirectory=relative/dir", "--BridgeAgent:SeverUrl=typo"], error);

        Assert.Equal(AgentStartupErrors.InvalidSettings, exitCode);
        var text = error.ToString();
        Assert.StartsWith("error: bridge-agent cannot start (", text, StringComparison.Ordinal);
        Assert.Contains("BridgeAgent:SeverUrl: unknown setting", text, StringComparison.Ordinal);
        Assert.Contains("BridgeAgent:TrustDomain: required", text, StringComparison.Ordinal);
        Assert.Contains("plain http is allowed only for a loopback address", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://bridge.example.org", "plain http is allowed only for a loopback address")]
    [InlineData("bridge.example.org", "required, an absolute https URL")]
    [InlineData("https://bridge.example.org/?x=1", "must not carry a query")]
    public async Task Run_WithAnUnsafeServerUrl_RefusesIt(string url, string problem)
    {
        using var error = new StringWriter();

        var exitCode = await AgentApplication.RunAsync([$"--BridgeAgent:ServerUrl={url}", "--BridgeAgent:TrustDomain=example.org"], error);

        Assert.Equal(AgentStartupErrors.InvalidSettings, exitCode);
        Assert.Contains(problem, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, typeof(Bridge.Agent.Node.ImdsNodeEvidenceProvider))]
    [InlineData("aws_iid", typeof(Bridge.Agent.Node.ImdsNodeEvidenceProvider))]
    [InlineData("aws_sts", typeof(Bridge.Agent.Node.Sts.StsNodeEvidenceProvider))]
    public async Task Build_TheNodeAttestorSetting_ChoosesTheEvidenceProvider(string? attestor, Type expected)
    {
        string[] args = ["--BridgeAgent:ServerUrl=https://bridge.example.org", "--BridgeAgent:TrustDomain=example.org", "--BridgeAgent:NodeAttestor:AwsSts:Region=eu-west-1"];
        await using var app = AgentApplication.Build(attestor is null ? args : [.. args, "--BridgeAgent:NodeAttestor:Attestor=" + attestor]);

        var provider = app.Services.GetRequiredService<Bridge.Agent.Node.INodeEvidenceProvider>();

        Assert.IsType(expected, provider);
        Assert.Equal(attestor ?? "aws_iid", provider.AttestorName);
    }
}
