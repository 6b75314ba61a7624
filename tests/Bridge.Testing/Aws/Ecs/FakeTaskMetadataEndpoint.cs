using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bridge.Testing.Aws.Ecs;

/// <summary>
/// The ECS task metadata endpoint v4 on loopback: <c>GET &lt;MetadataUri&gt;/task</c> answers the task document
/// (the documented response shape, see <see cref="FargateTask"/> and <see cref="Ec2Task"/>), anything else 404.
/// <see cref="AnswerNext"/> replaces answers (a 500, garbage).
/// </summary>
public sealed class FakeTaskMetadataEndpoint : IAsyncDisposable
{
    private const string ContainerPath = "/v4/5e10b0e5c0e44b9b8d05fb1e4dd8e1c3-1234567890";

    private readonly ConcurrentQueue<(HttpStatusCode Status, string Body)> _overrides = new();
    private readonly WebApplication _app;
    private int _taskCalls;

    private FakeTaskMetadataEndpoint(WebApplication app, Uri baseAddress)
    {
        _app = app;
        MetadataUri = new Uri(baseAddress, ContainerPath);
    }

    /// <summary>What ECS puts in <c>ECS_CONTAINER_METADATA_URI_V4</c> for the agent's container.</summary>
    public Uri MetadataUri { get; }

    /// <summary>The task document served.</summary>
    public JsonObject Task { get; set; } = FargateTask();

    /// <summary>How many times <c>/task</c> was asked.</summary>
    public int TaskCalls => Volatile.Read(ref _taskCalls);

    /// <summary>Starts an endpoint on a free loopback port.</summary>
    public static async Task<FakeTaskMetadataEndpoint> StartAsync()
    {
        var app = LoopbackWebApplication.CreateBuilder().Build();
        FakeTaskMetadataEndpoint? endpoint = null;
        app.Run(context => endpoint!.HandleAsync(context));
        await app.StartAsync().ConfigureAwait(false);
        endpoint = new FakeTaskMetadataEndpoint(app, LoopbackWebApplication.BaseAddress(app));
        return endpoint;
    }

    /// <summary>
    /// A Fargate task as the v4 documentation shows it: the cluster as an ARN, container ids of the form
    /// <c>&lt;task id&gt;-&lt;number&gt;</c>, and each container's <c>(name, id)</c>.
    /// </summary>
    public static JsonObject FargateTask(string family = "web", string revision = "7", params (string Name, string DockerId)[] containers) =>
        TaskDocument(
            "arn:aws:ecs:us-west-2:111122223333:cluster/prod",
            "arn:aws:ecs:us-west-2:111122223333:task/prod/5e10b0e5c0e44b9b8d05fb1e4dd8e1c3",
            family,
            revision,
            "FARGATE",
            containers.Length > 0 ? containers : [("app", "5e10b0e5c0e44b9b8d05fb1e4dd8e1c3-2495160603"), ("bridge-agent", "5e10b0e5c0e44b9b8d05fb1e4dd8e1c3-1234567890")]);

    /// <summary>An EC2 task: the cluster as its short name (agents write it so on EC2), 64-hex Docker ids.</summary>
    public static JsonObject Ec2Task(params (string Name, string DockerId)[] containers) =>
        TaskDocument(
            "prod",
            "arn:aws:ecs:us-west-2:111122223333:task/prod/5e10b0e5c0e44b9b8d05fb1e4dd8e1c3",
            "web",
            "7",
            "EC2",
            containers);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Answers the next <c>/task</c> request with <paramref name="status"/> and <paramref name="body"/> instead.</summary>
    public void AnswerNext(HttpStatusCode status, string body) => _overrides.Enqueue((status, body));

    private static JsonObject TaskDocument(string cluster, string taskArn, string family, string revision, string launchType, (string Name, string DockerId)[] containers)
    {
        var list = new JsonArray();
        foreach (var (name, dockerId) in containers)
        {
            list.Add(new JsonObject
            {
                ["DockerId"] = dockerId,
                ["Name"] = name,
                ["DockerName"] = launchType == "FARGATE" ? name : $"ecs-{family}-{revision}-{name}-a0b1c2d3e4f5a6b7c8d9",
                ["Image"] = $"111122223333.dkr.ecr.us-west-2.amazonaws.com/{name}:latest",
                ["ImageID"] = "sha256:25f3695bedfb454a50f12d127839a68ad3caf91e451c1da073db34c542c4d2cb",
                ["Labels"] = new JsonObject
                {
                    ["com.amazonaws.ecs.cluster"] = cluster,
                    ["com.amazonaws.ecs.container-name"] = name,
                    ["com.amazonaws.ecs.task-arn"] = taskArn,
                    ["com.amazonaws.ecs.task-definition-family"] = family,
                    ["com.amazonaws.ecs.task-definition-version"] = revision,
                },
                ["DesiredStatus"] = "RUNNING",
                ["KnownStatus"] = "RUNNING",
                ["Limits"] = new JsonObject { ["CPU"] = 2, ["Memory"] = 0 },
                ["CreatedAt"] = "2026-12-01T09:00:00.567813946Z",
                ["StartedAt"] = "2026-12-01T09:00:01.567813946Z",
                ["Type"] = "NORMAL",
                ["ContainerARN"] = "arn:aws:ecs:us-west-2:111122223333:container/prod/5e10b0e5c0e44b9b8d05fb1e4dd8e1c3/05966557-f16c-49cb-9352-24b3a0dcd0e1",
                ["Networks"] = new JsonArray(new JsonObject
                {
                    ["NetworkMode"] = "awsvpc",
                    ["IPv4Addresses"] = new JsonArray("10.0.2.106"),
                }),
            });
        }

        return new JsonObject
        {
            ["Cluster"] = cluster,
            ["TaskARN"] = taskArn,
            ["Family"] = family,
            ["Revision"] = revision,
            ["DesiredStatus"] = "RUNNING",
            ["KnownStatus"] = "RUNNING",
            ["Limits"] = new JsonObject { ["CPU"] = 0.25, ["Memory"] = 512 },
            ["PullStartedAt"] = "2026-12-01T08:59:50.053330955Z",
            ["PullStoppedAt"] = "2026-12-01T08:59:59.592684631Z",
            ["AvailabilityZone"] = "us-west-2a",
            ["LaunchType"] = launchType,
            ["Containers"] = list,
            ["ClockDrift"] = new JsonObject { ["ClockErrorBound"] = 0.446931, ["ReferenceTimestamp"] = "2026-12-01T09:00:00Z", ["ClockSynchronizationStatus"] = "SYNCHRONIZED" },
        };
    }

    private async Task HandleAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        if (!HttpMethods.IsGet(context.Request.Method) || context.Request.Path != ContainerPath + "/task")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync("404 page not found").ConfigureAwait(false);
            return;
        }

        Interlocked.Increment(ref _taskCalls);
        if (_overrides.TryDequeue(out var answer))
        {
            context.Response.StatusCode = (int)answer.Status;
            await context.Response.WriteAsync(answer.Body).ConfigureAwait(false);
            return;
        }

        await context.Response.WriteAsync(Task.ToJsonString()).ConfigureAwait(false);
    }
}
