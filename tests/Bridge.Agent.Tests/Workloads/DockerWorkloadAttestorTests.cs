using System.Net;
using Bridge.Agent.Workloads;
using Bridge.Agent.Workloads.Docker;
using Bridge.Testing.Docker;
using Bridge.Testing.Logging;

namespace Bridge.Agent.Tests.Workloads;

/// <summary>The docker attestor against a fake Docker Engine API on a Unix socket, with the caller's cgroups from a fake proc tree.</summary>
public sealed class DockerWorkloadAttestorTests : IAsyncLifetime
{
    private const string Id = "3726184226f5d3147c25fdeab5b60097e378e8a720503a5e19ecfdf29f869860";
    private const int Pid = 500;
    private static readonly string ImageId = "sha256:" + new string('b', 64);

    private readonly FakeProc _proc = new();
    private readonly CapturingLogger<DockerWorkloadAttestor> _logger = new();
    private FakeDockerEngine _engine = null!;
    private DockerWorkloadAttestor _attestor = null!;

    public async ValueTask InitializeAsync()
    {
        _engine = await FakeDockerEngine.StartAsync();
        _attestor = Attestor(_engine.Address);
        _proc.AddProcess(Pid, cgroup: $"0::/system.slice/docker-{Id}.scope\n");
    }

    public async ValueTask DisposeAsync()
    {
        _attestor.Dispose();
        await _engine.DisposeAsync();
        _proc.Dispose();
    }

    [Fact]
    public async Task Attest_ACallerInAContainer_GivesItsImageIdAndEveryLabelButNeverItsEnvironment()
    {
        _engine.AddContainer(new FakeDockerContainer(Id, ImageId, Labels: new Dictionary<string, string>
        {
            ["com.example.role"] = "web",
            ["env"] = string.Empty,
            ["url"] = "https://example.org:8443/x",
        }, Env: ["DB_PASSWORD=hunter2", "PATH=/usr/bin"]));

        var selectors = await _attestor.AttestAsync(Pid);

        Assert.Equal(
            ["docker:image_id:" + ImageId, "docker:label:com.example.role:web", "docker:label:env:", "docker:label:url:https://example.org:8443/x"],
            selectors.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(selectors, s => s.Contains("hunter2", StringComparison.Ordinal) || s.Contains("registry.example.org", StringComparison.Ordinal));
        Assert.Equal([$"GET /{DockerWorkloadAttestor.ApiVersion}/containers/{Id}/json"], _engine.Requests);
    }

    [Fact]
    public async Task Attest_ALabelKeyThatCannotBeASelectorKey_GivesNoSelectorForIt()
    {
        // "a:b"="c" would read as "a"="b:c".
        _engine.AddContainer(new FakeDockerContainer(Id, ImageId, Labels: new Dictionary<string, string> { ["a:b"] = "c", ["my key"] = "v", ["role"] = "web" }));

        var selectors = await _attestor.AttestAsync(Pid);

        Assert.Equal(["docker:image_id:" + ImageId, "docker:label:role:web"], selectors.Order(StringComparer.Ordinal));
        Assert.Equal(2, _logger.Entries.Count(e => e.Contains(" 8210 ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Attest_ACallerInNoContainer_GivesNothingAndAsksTheEngineNothing()
    {
        _proc.AddProcess(501);

        Assert.Empty(await _attestor.AttestAsync(501));
        Assert.Empty(_engine.Requests);
    }

    [Fact]
    public async Task Attest_WhenDisabled_GivesNothing()
    {
        using var attestor = Attestor(_engine.Address, enabled: false);

        Assert.Empty(await attestor.AttestAsync(Pid));
        Assert.Empty(_engine.Requests);
    }

    public static TheoryData<HttpStatusCode, string, string> BadAnswers => new()
    {
        { HttpStatusCode.InternalServerError, "{\"message\":\"Something went wrong.\"}", "answered 500" },
        { HttpStatusCode.OK, "<html>proxy error</html>", "is not a container description" },
        { HttpStatusCode.OK, "null", "lacks its id or image id" },
        { HttpStatusCode.OK, "[]", "is not a container description" },
        { HttpStatusCode.OK, "{\"Id\":\"" + Id + "\",\"Image\":\"nginx:latest\",\"Config\":{\"Labels\":{\"role\":\"web\"}}}", "lacks its id or image id" },
        { HttpStatusCode.OK, "{\"Id\":\"" + Id + "\",\"Config\":{\"Labels\":{\"role\":\"web\"}}}", "lacks its id or image id" },
        { HttpStatusCode.OK, "{\"Id\":\"" + new string('c', 64) + "\",\"Image\":\"sha256:" + new string('b', 64) + "\",\"Config\":{\"Labels\":{\"role\":\"web\"}}}", "lacks its id or image id" },
        { HttpStatusCode.OK, "{\"Id\":\"" + Id + "\",\"Image\":\"sha256:" + new string('b', 64) + "\",\"Config\":{\"Labels\":[\"role\"]}}", "is not a container description" },
        { HttpStatusCode.OK, "{\"Id\":\"" + Id + "\",\"Image\":\"sha256:" + new string('b', 64) + "\",\"Config\":{\"Labels\":{\"role\":\"we", "is not a container description" },
    };

    [Theory]
    [MemberData(nameof(BadAnswers))]
    public async Task Attest_WhenTheEngineAnswersGarbage_RefusesTheCaller(HttpStatusCode status, string body, string reason)
    {
        _engine.AnswerNext(status, body);

        var error = await Assert.ThrowsAsync<WorkloadAttestationException>(() => _attestor.AttestAsync(Pid));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_AContainerTheEngineDoesNotKnow_RefusesTheCaller()
    {
        var error = await Assert.ThrowsAsync<WorkloadAttestationException>(() => _attestor.AttestAsync(Pid));

        Assert.Contains("answered 404", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_AnAnswerOverTheSizeLimit_RefusesTheCaller()
    {
        _engine.AddContainer(new FakeDockerContainer(Id, ImageId, Labels: new Dictionary<string, string> { ["big"] = new string('x', 2 * 1024 * 1024) }));

        var error = await Assert.ThrowsAsync<WorkloadAttestationException>(() => _attestor.AttestAsync(Pid));

        Assert.Contains("did not answer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Attest_WhenNoEngineListens_RefusesTheCaller()
    {
        using var attestor = Attestor("unix://" + Path.Combine(_proc.Root, "no-docker.sock"));

        var error = await Assert.ThrowsAsync<WorkloadAttestationException>(() => attestor.AttestAsync(Pid));

        Assert.Contains("the Docker Engine API did not answer", error.Message, StringComparison.Ordinal);
    }

    private DockerWorkloadAttestor Attestor(string socket, bool enabled = true) =>
        new(_proc.Proc, WorkloadTestKit.Options(o =>
        {
            o.Docker.Enabled = enabled;
            o.Docker.Socket = socket;
        }), _logger);
}
