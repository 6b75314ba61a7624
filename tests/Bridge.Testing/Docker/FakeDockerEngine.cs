using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Bridge.Testing.Docker;

/// <summary>
/// A Docker Engine API on a Unix socket, answering <c>GET /v&lt;version&gt;/containers/&lt;id&gt;/json</c> with the
/// shape Docker Engine 24+ writes (<c>ContainerInspectResponse</c>: top-level <c>Id</c>, <c>Image</c> = the image's
/// content id, <c>Config.Image</c> = the name it was run as, <c>Config.Labels</c>, <c>Config.Env</c>, …) and unknown
/// containers with 404 <c>{"message":"No such container: …"}</c>, as the engine does. <see cref="AnswerNext"/>
/// replaces answers with anything (a 500, garbage, a wrong container).
/// </summary>
public sealed class FakeDockerEngine : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, FakeDockerContainer> _containers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<(HttpStatusCode Status, string Body)> _overrides = new();
    private readonly WebApplication _app;
    private readonly string _directory;

    private FakeDockerEngine(WebApplication app, string directory, string socketPath)
    {
        _app = app;
        _directory = directory;
        SocketPath = socketPath;
    }

    /// <summary>The socket's path.</summary>
    public string SocketPath { get; }

    /// <summary>The address in the agent's setting form, <c>unix:///…/docker.sock</c>.</summary>
    public string Address => "unix://" + SocketPath;

    /// <summary>Each request as "METHOD path".</summary>
    public IReadOnlyCollection<string> Requests => _requests;

    /// <summary>Starts an engine on a socket in a new temporary directory.</summary>
    public static async Task<FakeDockerEngine> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("bridge-docker-").FullName;
        var socketPath = Path.Combine(directory, "docker.sock");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.ListenUnixSocket(socketPath));
        var app = builder.Build();
        FakeDockerEngine? engine = null;
        app.Run(context => engine!.HandleAsync(context));
        await app.StartAsync().ConfigureAwait(false);
        engine = new FakeDockerEngine(app, directory, socketPath);
        return engine;
    }

    /// <summary>Adds (or replaces) a container.</summary>
    public void AddContainer(FakeDockerContainer container)
    {
        ArgumentNullException.ThrowIfNull(container);
        _containers[container.Id] = container;
    }

    /// <summary>Answers the next request with <paramref name="status"/> and <paramref name="body"/> instead.</summary>
    public void AnswerNext(HttpStatusCode status, string body) => _overrides.Enqueue((status, body));

    /// <summary>The inspect document the engine writes for <paramref name="container"/>.</summary>
    public static JsonObject Inspect(FakeDockerContainer container)
    {
        ArgumentNullException.ThrowIfNull(container);
        var labels = new JsonObject();
        foreach (var (key, value) in container.Labels ?? new Dictionary<string, string>())
        {
            labels[key] = value;
        }

        return new JsonObject
        {
            ["Id"] = container.Id,
            ["Created"] = "2026-12-01T09:00:00.123456789Z",
            ["Path"] = "/usr/bin/web",
            ["Args"] = new JsonArray("--port", "8080"),
            ["State"] = new JsonObject
            {
                ["Status"] = "running",
                ["Running"] = true,
                ["Paused"] = false,
                ["Restarting"] = false,
                ["OOMKilled"] = false,
                ["Dead"] = false,
                ["Pid"] = 4242,
                ["ExitCode"] = 0,
                ["Error"] = string.Empty,
                ["StartedAt"] = "2026-12-01T09:00:01.5Z",
                ["FinishedAt"] = "0001-01-01T00:00:00Z",
            },
            ["Image"] = container.ImageId,
            ["ResolvConfPath"] = $"/var/lib/docker/containers/{container.Id}/resolv.conf",
            ["HostnamePath"] = $"/var/lib/docker/containers/{container.Id}/hostname",
            ["Name"] = "/web-1",
            ["RestartCount"] = 0,
            ["Driver"] = "overlay2",
            ["Platform"] = "linux",
            ["HostConfig"] = new JsonObject { ["NetworkMode"] = "bridge", ["Privileged"] = false, ["CgroupnsMode"] = "private" },
            ["Mounts"] = new JsonArray(),
            ["Config"] = new JsonObject
            {
                ["Hostname"] = container.Id[..12],
                ["User"] = "1000",
                ["Env"] = new JsonArray([.. (container.Env ?? ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]).Select(e => JsonValue.Create(e))]),
                ["Cmd"] = new JsonArray("--port", "8080"),
                ["Image"] = container.ImageName,
                ["Volumes"] = null,
                ["WorkingDir"] = "/app",
                ["Entrypoint"] = new JsonArray("/usr/bin/web"),
                ["OnBuild"] = null,
                ["Labels"] = labels,
            },
            ["NetworkSettings"] = new JsonObject { ["IPAddress"] = "172.17.0.2", ["Networks"] = new JsonObject() },
        };
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        Directory.Delete(_directory, recursive: true);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        _requests.Enqueue($"{context.Request.Method} {path}");
        context.Response.ContentType = "application/json";
        if (_overrides.TryDequeue(out var answer))
        {
            context.Response.StatusCode = (int)answer.Status;
            await context.Response.WriteAsync(answer.Body).ConfigureAwait(false);
            return;
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (!HttpMethods.IsGet(context.Request.Method) || parts is not [['v', ..], "containers", var id, "json"])
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync("{\"message\":\"page not found\"}").ConfigureAwait(false);
            return;
        }

        if (!_containers.TryGetValue(id, out var container))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync(new JsonObject { ["message"] = $"No such container: {id}" }.ToJsonString()).ConfigureAwait(false);
            return;
        }

        await context.Response.WriteAsync(Inspect(container).ToJsonString()).ConfigureAwait(false);
    }
}
