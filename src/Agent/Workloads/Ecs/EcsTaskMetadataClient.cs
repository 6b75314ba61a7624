using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Workloads.Ecs;

/// <summary>
/// Reads the task metadata v4 (<c>${ECS_CONTAINER_METADATA_URI_V4}/task</c>) once and keeps it: the fields the
/// attestor uses are fixed for the task's life (only statuses change). A failed read is not kept, so the next caller
/// tries again.
/// </summary>
internal sealed partial class EcsTaskMetadataClient : IDisposable
{
    private const int MaxResponseBytes = 1024 * 1024;

    private readonly IOptions<WorkloadAttestorOptions> _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lazy<HttpClient> _client;
    private EcsTask? _task;

    public EcsTaskMetadataClient(IOptions<WorkloadAttestorOptions> options, ILogger<EcsTaskMetadataClient> logger)
    {
        _options = options;
        _logger = logger;
        _client = new Lazy<HttpClient>(() => new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            Timeout = _options.Value.Ecs.Timeout,
            MaxResponseContentBufferSize = MaxResponseBytes,
        });
    }

    /// <summary>How many times the endpoint was asked.</summary>
    public int FetchCount { get; private set; }

    /// <summary>The task, read on the first call.</summary>
    /// <exception cref="WorkloadAttestationException">The endpoint did not answer with a task description.</exception>
    public async ValueTask<EcsTask> GetTaskAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _task) is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_task is null)
            {
                FetchCount++;
                var task = Check(await FetchAsync(cancellationToken).ConfigureAwait(false));
                WorkloadAttestorLog.EcsTaskMetadataRead(_logger, task.TaskArn, task.Family, task.Revision, task.ContainerNames.Count);
                Volatile.Write(ref _task, task);
            }

            return _task;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _gate.Dispose();
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }

    private static EcsTask Check(EcsTaskWire wire)
    {
        if (wire.TaskArn is null || TaskArn().Match(wire.TaskArn) is not { Success: true } task)
        {
            throw new WorkloadAttestationException("the ECS task metadata has no task ARN.");
        }

        if (wire.Family is null || !Name().IsMatch(wire.Family) || wire.Revision is null || !Revision().IsMatch(wire.Revision))
        {
            throw new WorkloadAttestationException("the ECS task metadata has no task definition family and revision.");
        }

        // Cluster is an ARN on Fargate and may be the short name on EC2: one written form, the ARN, so one entry matches both.
        var prefix = $"arn:{task.Groups["partition"].Value}:ecs:{task.Groups["region"].Value}:{task.Groups["account"].Value}:cluster/";
        var clusterArn = wire.Cluster switch
        {
            { } arn when arn.StartsWith(prefix, StringComparison.Ordinal) && Name().IsMatch(arn[prefix.Length..]) => arn,
            { } name when Name().IsMatch(name) => prefix + name,
            _ => throw new WorkloadAttestationException("the ECS task metadata has no cluster of the task's account and region."),
        };

        var containers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var container in wire.Containers ?? [])
        {
            if (container is { DockerId: { Length: > 0 } id, Name: { } name } && Name().IsMatch(name))
            {
                containers.TryAdd(id, name);
            }
        }

        return new EcsTask(clusterArn, wire.TaskArn, wire.Family, wire.Revision, containers);
    }

    private async Task<EcsTaskWire> FetchAsync(CancellationToken cancellationToken)
    {
        var baseUri = _options.Value.Ecs.MetadataUri ?? throw new InvalidOperationException("Ecs:MetadataUri was validated at start.");
        var uri = new Uri(baseUri.AbsoluteUri.TrimEnd('/') + "/task");
        try
        {
            using var response = await _client.Value.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new WorkloadAttestationException($"the ECS task metadata endpoint answered {(int)response.StatusCode}.");
            }

            return await response.Content.ReadFromJsonAsync(EcsJsonContext.Default.EcsTaskWire, cancellationToken).ConfigureAwait(false)
                ?? throw new WorkloadAttestationException("the ECS task metadata endpoint answered null.");
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or JsonException or NotSupportedException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new WorkloadAttestationException($"the ECS task metadata endpoint did not answer with a task ({exception.GetType().Name}).", exception);
        }
    }

    // arn:aws:ecs:us-east-1:123456789012:task/<cluster>/<task id> (or the old task/<task id>).
    [GeneratedRegex(@"^arn:(?<partition>aws[a-z-]*):ecs:(?<region>[a-z0-9-]+):(?<account>[0-9]{12}):task/([A-Za-z0-9_-]{1,255}/)?[A-Za-z0-9-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TaskArn();

    // Cluster, family and container names: letters, digits, '_' and '-', at most 255.
    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,255}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Name();

    [GeneratedRegex(@"^[1-9][0-9]{0,9}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Revision();
}
