using Bridge.Agent.Hosting;
using Bridge.Agent.Node;
using Microsoft.Extensions.Configuration;

namespace Bridge.Agent.Tests.Node;

public sealed class NodeAttestorOptionsValidatorTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        var result = Validate(new Dictionary<string, string?>(), new NodeAttestorOptions());

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void AwsStsSubsection_IsNotAnUnknownSetting()
    {
        var result = Validate(new Dictionary<string, string?> { ["BridgeAgent:NodeAttestor:AwsSts:Region"] = "eu-west-1" }, new NodeAttestorOptions());

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void EveryProblem_IsReportedAtOnceWithItsFullKey()
    {
        var options = new NodeAttestorOptions
        {
            Attestor = "tpm",
            ImdsEndpoint = new Uri("https://169.254.169.254/latest"),
            ImdsTimeout = TimeSpan.Zero,
            RequestTimeout = TimeSpan.FromHours(1),
            WebIdentityTokenAudience = " ",
            StsEndpoint = new Uri("http://sts.example.org"),
            ServerIssuer = "not a url",
        };

        var result = Validate(new Dictionary<string, string?> { ["BridgeAgent:NodeAttestor:ImdsEndpont"] = "x" }, options);

        Assert.Equal(
            [
                "BridgeAgent:NodeAttestor:ImdsEndpont: unknown setting",
                "BridgeAgent:NodeAttestor:Attestor:",
                "BridgeAgent:NodeAttestor:ImdsEndpoint:",
                "BridgeAgent:NodeAttestor:ImdsTimeout:",
                "BridgeAgent:NodeAttestor:RequestTimeout:",
                "BridgeAgent:NodeAttestor:WebIdentityTokenAudience:",
                "BridgeAgent:NodeAttestor:StsEndpoint:",
                "BridgeAgent:NodeAttestor:ServerIssuer:",
            ],
            result.Failures!.Select(f => f[..(f.IndexOf(':', "BridgeAgent:NodeAttestor:".Length) + (f.Contains("unknown setting", StringComparison.Ordinal) ? " unknown setting".Length + 1 : 1))]));
    }

    [Fact]
    public async Task Run_WithABadNodeAttestorSetting_ReportsItWithTheOthers()
    {
        using var error = new StringWriter();

        var exitCode = await AgentApplication.RunAsync(["--BridgeAgent:NodeAttestor:Attestor=tpm", "--BridgeAgent:NodeAttestor:ImdsTimeout=00:00:00"], error);

        Assert.Equal(AgentStartupErrors.InvalidSettings, exitCode);
        var text = error.ToString();
        Assert.Contains("BridgeAgent:ServerUrl: required", text, StringComparison.Ordinal);
        Assert.Contains("BridgeAgent:NodeAttestor:Attestor: must be aws_iid (EC2) or aws_sts (ECS Fargate).", text, StringComparison.Ordinal);
        Assert.Contains("BridgeAgent:NodeAttestor:ImdsTimeout: must be more than 0", text, StringComparison.Ordinal);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(Dictionary<string, string?> settings, NodeAttestorOptions options) =>
        new NodeAttestorOptionsValidator(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()).Validate(null, options);
}
