using Bridge.Agent.Hosting;
using Bridge.Agent.Workloads;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Tests.Workloads;

public sealed class WorkloadAttestorSettingsTests
{
    private static readonly string[] Required = ["--BridgeAgent:ServerUrl=https://bridge.example.org", "--BridgeAgent:TrustDomain=example.org"];

    [Fact]
    public async Task Build_WithOnlyTheRequiredSettings_HasUnixOnAndDockerAndEcsOff()
    {
        await using var app = AgentApplication.Build(Required);

        var options = app.Services.GetRequiredService<IOptions<WorkloadAttestorOptions>>().Value;
        Assert.True(options.Unix.Enabled);
        Assert.True(options.Unix.HashExecutable);
        Assert.Equal(256L * 1024 * 1024, options.Unix.HashMaxBytes);
        Assert.False(options.Docker.Enabled);
        Assert.Equal("unix:///var/run/docker.sock", options.Docker.Socket);
        Assert.False(options.Ecs.Enabled);
        Assert.Equal(["unix", "docker", "ecs"], app.Services.GetServices<IWorkloadAttestor>().Select(a => a.Name));
        Assert.IsType<WorkloadAttestation>(app.Services.GetRequiredService<IWorkloadAttestation>());
    }

    [Fact]
    public async Task Build_WithSettings_BindsThem()
    {
        await using var app = AgentApplication.Build([.. Required,
            "--BridgeAgent:WorkloadAttestors:Unix:HashExecutable=false", "--BridgeAgent:WorkloadAttestors:Unix:HashMaxBytes=1048576",
            "--BridgeAgent:WorkloadAttestors:Docker:Enabled=true", "--BridgeAgent:WorkloadAttestors:Docker:Socket=unix:///run/docker.sock", "--BridgeAgent:WorkloadAttestors:Docker:Timeout=00:00:02",
            "--BridgeAgent:WorkloadAttestors:Ecs:Enabled=true", "--BridgeAgent:WorkloadAttestors:Ecs:MetadataUri=http://169.254.170.2/v4/abc-1"]);

        var options = app.Services.GetRequiredService<IOptions<WorkloadAttestorOptions>>().Value;
        Assert.False(options.Unix.HashExecutable);
        Assert.Equal(1048576, options.Unix.HashMaxBytes);
        Assert.Equal("unix:///run/docker.sock", options.Docker.Socket);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Docker.Timeout);
        Assert.Equal(new Uri("http://169.254.170.2/v4/abc-1"), options.Ecs.MetadataUri);
    }

    [Fact]
    public async Task Run_WithBadAttestorSettings_ReportsEachWithItsFullKeyAtOnce()
    {
        using var error = new StringWriter();

        var exitCode = await AgentApplication.RunAsync([.. Required,
            "--BridgeAgent:WorkloadAttestors:Unix:HashMaxBytes=0",
            "--BridgeAgent:WorkloadAttestors:Docker:Socket=tcp://127.0.0.1:2375",
            "--BridgeAgent:WorkloadAttestors:Docker:Timeout=00:00:00",
            "--BridgeAgent:WorkloadAttestors:Ecs:Timeout=01:00:00",
            "--BridgeAgent:WorkloadAttestors:Ecs:Enabled=true",
            "--BridgeAgent:WorkloadAttestors:Ecs:MetadataUri=http://169.254.170.2/v4/x?y=1"], error);

        Assert.Equal(AgentStartupErrors.InvalidSettings, exitCode);
        var text = error.ToString();
        Assert.Contains("BridgeAgent:WorkloadAttestors:Unix:HashMaxBytes: must be a positive number of bytes", text, StringComparison.Ordinal);
        Assert.Contains("BridgeAgent:WorkloadAttestors:Docker:Socket: must be unix:// followed by an absolute path", text, StringComparison.Ordinal);
        Assert.Contains("BridgeAgent:WorkloadAttestors:Docker:Timeout: must be more than 0", text, StringComparison.Ordinal);
        Assert.Contains("BridgeAgent:WorkloadAttestors:Ecs:Timeout: must be more than 0 and at most 00:01:00", text, StringComparison.Ordinal);
        Assert.Contains("BridgeAgent:WorkloadAttestors:Ecs:MetadataUri: must be an absolute http URL without query", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unix://")]
    [InlineData("unix://relative/docker.sock")]
    [InlineData("/var/run/docker.sock")]
    [InlineData("")]
    public async Task Run_WithADockerSocketThatIsNotAUnixPath_RefusesIt(string socket)
    {
        using var error = new StringWriter();

        var exitCode = await AgentApplication.RunAsync([.. Required, $"--BridgeAgent:WorkloadAttestors:Docker:Socket={socket}"], error);

        Assert.Equal(AgentStartupErrors.InvalidSettings, exitCode);
        Assert.Contains("BridgeAgent:WorkloadAttestors:Docker:Socket:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EcsOnOutsideAnEcsTask_AsksForTheMetadataUri()
    {
        var options = new WorkloadAttestorOptions();
        options.Ecs.Enabled = true;
        options.Ecs.MetadataUri = null;

        var result = new WorkloadAttestorOptionsValidator().Validate(null, options);

        Assert.Equal(
            ["BridgeAgent:WorkloadAttestors:Ecs:MetadataUri: required when Ecs:Enabled is true; ECS sets ECS_CONTAINER_METADATA_URI_V4 in every container of a task, so the agent is not running in one."],
            result.Failures);
    }

    [Fact]
    public async Task Run_WithAnUnknownAttestorSetting_NamesIt()
    {
        using var error = new StringWriter();

        var exitCode = await AgentApplication.RunAsync([.. Required, "--BridgeAgent:WorkloadAttestors:Unix:HashMax=5"], error);

        Assert.Equal(AgentStartupErrors.InvalidSettings, exitCode);
        Assert.Contains("HashMax", error.ToString(), StringComparison.Ordinal);
    }
}
