using System.Net;
using Bridge.Agent.Workloads;
using Bridge.Agent.Workloads.Ecs;
using Bridge.Testing.Aws.Ecs;
using Bridge.Testing.Logging;

namespace Bridge.Agent.Tests.Workloads;

/// <summary>The ecs attestor against a fake task metadata endpoint v4, with callers' cgroups from a fake proc tree.</summary>
public sealed class EcsWorkloadAttestorTests : IAsyncLifetime
{
    private const string TaskArn = "arn:aws:ecs:us-west-2:111122223333:task/prod/5e10b0e5c0e44b9b8d05fb1e4dd8e1c3";
    private const string DockerId = "3726184226f5d3147c25fdeab5b60097e378e8a720503a5e19ecfdf29f869860";

    private readonly FakeProc _proc = new();
    private readonly CapturingLogger<EcsWorkloadAttestor> _logger = new();
    private FakeTaskMetadataEndpoint _endpoint = null!;
    private EcsTaskMetadataClient _metadata = null!;
    private EcsWorkloadAttestor _attestor = null!;

    public async ValueTask InitializeAsync()
    {
        _endpoint = await FakeTaskMetadataEndpoint.StartAsync();
        var options = WorkloadTestKit.Options(o =>
        {
            o.Ecs.Enabled = true;
            o.Ecs.MetadataUri = _endpoint.MetadataUri;
        });
        _metadata = new EcsTaskMetadataClient(options, new CapturingLogger<EcsTaskMetadataClient>());
        _attestor = new EcsWorkloadAttestor(_proc.Proc, _metadata, options, _logger);
    }

    public async ValueTask DisposeAsync()
    {
        _metadata.Dispose();
        await _endpoint.DisposeAsync();
        _proc.Dispose();
    }

    [Fact]
    public async Task Attest_ACallerInAFargateTaskContainer_GivesTheTaskAndItsContainerName()
    {
        // Fargate platform 1.4: /ecs/<task id>/<task id>-<n>, the container's DockerId.
        _proc.AddProcess(600, cgroup: "0::/ecs/5e10b0e5c0e44b9b8d05fb1e4dd8e1c3/5e10b0e5c0e44b9b8d05fb1e4dd8e1c3-2495160603\n");

        var selectors = await _attestor.AttestAsync(600);

        Assert.Equal(
            [
                "ecs:cluster:arn:aws:ecs:us-west-2:111122223333:cluster/prod",
                "ecs:task_arn:" + TaskArn,
                "ecs:task_family:web",
                "ecs:task_definition:web:7",
                "ecs:container_name:app",
            ],
            selectors);
    }

    [Theory]
    [InlineData("9:memory:/ecs/5e10b0e5c0e44b9b8d05fb1e4dd8e1c3/" + DockerId + "\n1:name=systemd:/ecs/5e10b0e5c0e44b9b8d05fb1e4dd8e1c3/" + DockerId + "\n")]
    [InlineData("0::/ecs.slice/ecs-5e10b0e5c0e44b9b8d05fb1e4dd8e1c3.slice/docker-" + DockerId + ".scope\n")]
    [InlineData("0::/../../docker-" + DockerId + ".scope\n")]
    public async Task Attest_ACallerInAnEc2TaskContainer_WritesTheShortClusterNameAsItsArn(string cgroup)
    {
        _endpoint.Task = FakeTaskMetadataEndpoint.Ec2Task(("app", DockerId), ("bridge-agent", new string('e', 64)));
        _proc.AddProcess(601, cgroup: cgroup);

        var selectors = await _attestor.AttestAsync(601);

        Assert.Contains("ecs:cluster:arn:aws:ecs:us-west-2:111122223333:cluster/prod", selectors);
        Assert.Contains("ecs:container_name:app", selectors);
    }

    [Theory]
    [InlineData(FakeProc.HostCgroup)]
    [InlineData("0::/ecs/0000000000000000000000000000000a/0000000000000000000000000000000a-2495160603\n")]
    [InlineData("0::/ecs/5e10b0e5c0e44b9b8d05fb1e4dd8e1c3/5e10b0e5c0e44b9b8d05fb1e4dd8e1c3-24951606031\n")]
    public async Task Attest_ACallerInNoContainerOfTheTask_GetsNoEcsSelectors(string cgroup)
    {
        // For example an agent run as a daemon task whose socket other tasks reach: they must not get its task's identity.
        _proc.AddProcess(602, cgroup: cgroup);

        Assert.Empty(await _attestor.AttestAsync(602));
        Assert.Contains(_logger.Entries, e => e.Contains(" 8221 ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Attest_ManyCalls_ReadTheTaskMetadataOnce()
    {
        _proc.AddProcess(603, cgroup: "0::/ecs/5e10b0e5c0e44b9b8d05fb1e4dd8e1c3/5e10b0e5c0e44b9b8d05fb1e4dd8e1c3-2495160603\n");

        for (var i = 0; i < 5; i++)
        {
            await _attestor.AttestAsync(603);
        }

        Assert.Equal(1, _endpoint.TaskCalls);
    }

    public static TheoryData<HttpStatusCode, string, string> BadAnswers => new()
    {
        { HttpStatusCode.InternalServerError, "internal error", "answered 500" },
        { HttpStatusCode.OK, "{\"Cluster\":", "did not answer with a task (JsonException)" },
        { HttpStatusCode.OK, "null", "answered null" },
        { HttpStatusCode.OK, "{\"Cluster\":\"prod\",\"Family\":\"web\",\"Revision\":\"7\"}", "has no task ARN" },
        { HttpStatusCode.OK, "{\"Cluster\":\"prod\",\"TaskARN\":\"" + TaskArn + "\",\"Family\":\"web\",\"Revision\":\"latest\"}", "has no task definition family and revision" },
        { HttpStatusCode.OK, "{\"Cluster\":\"arn:aws:ecs:eu-west-1:999999999999:cluster/prod\",\"TaskARN\":\"" + TaskArn + "\",\"Family\":\"web\",\"Revision\":\"7\"}", "has no cluster of the task's account and region" },
        { HttpStatusCode.OK, "{\"Cluster\":\"prod/x\",\"TaskARN\":\"" + TaskArn + "\",\"Family\":\"web\",\"Revision\":\"7\"}", "has no cluster" },
    };

    [Theory]
    [MemberData(nameof(BadAnswers))]
    public async Task Attest_WhenTheEndpointAnswersGarbage_RefusesAndAsksAgainNextTime(HttpStatusCode status, string body, string reason)
    {
        _proc.AddProcess(604, cgroup: "0::/ecs/5e10b0e5c0e44b9b8d05fb1e4dd8e1c3/5e10b0e5c0e44b9b8d05fb1e4dd8e1c3-2495160603\n");
        _endpoint.AnswerNext(status, body);

        var error = await Assert.ThrowsAsync<WorkloadAttestationException>(() => _attestor.AttestAsync(604));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("ecs:container_name:app", await _attestor.AttestAsync(604));
        Assert.Equal(2, _endpoint.TaskCalls);
    }
}
