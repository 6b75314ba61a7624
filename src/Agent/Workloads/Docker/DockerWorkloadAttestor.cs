using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Workloads.Docker;

/// <summary>
/// The <c>docker</c> attestor: the caller's container from its cgroups, then that container's labels and image id from
/// the Docker Engine API on its Unix socket (<c>GET /v1.43/containers/&lt;id&gt;/json</c>). A process in no container
/// gets no selectors; a container the engine cannot describe (engine down, unknown container, garbage) refuses the
/// caller, so that a workload registered by label never gets its identity by accident. Environment variables are
/// never read: they hold secrets.
/// </summary>
internal sealed partial class DockerWorkloadAttestor : IWorkloadAttestor, IDisposable
{
    /// <summary>The Engine API version asked for: Docker Engine 24 and later serve it.</summary>
    public const string ApiVersion = "v1.43";

    // An inspect answer is a few kilobytes; a container with megabytes of labels is not one the agent attests.
    private const int MaxResponseBytes = 1024 * 1024;

    private readonly ProcFileSystem _proc;
    private readonly IOptions<WorkloadAttestorOptions> _options;
    private readonly ILogger _logger;
    private readonly Lazy<HttpClient> _client;

    public DockerWorkloadAttestor(ProcFileSystem proc, IOptions<WorkloadAttestorOptions> options, ILogger<DockerWorkloadAttestor> logger)
    {
        _proc = proc;
        _options = options;
        _logger = logger;
        _client = new Lazy<HttpClient>(CreateClient);
    }

    public string Name => "docker";

    public async ValueTask<IReadOnlyList<string>> AttestAsync(PeerCredentials caller, CancellationToken cancellationToken)
    {
        if (!_options.Value.Docker.Enabled)
        {
            return [];
        }

        var containerId = CgroupContainerId.Find(_proc.Read(caller.ProcessId, "cgroup"));
        if (containerId is null)
        {
            return [];
        }

        var container = await InspectAsync(containerId, cancellationToken).ConfigureAwait(false);
        var selectors = new List<string> { $"docker:image_id:{container.Image}" };
        foreach (var (key, value) in container.Config?.Labels ?? [])
        {
            if (!IsSelectorKey(key) || value is null)
            {
                WorkloadAttestorLog.DockerLabelSkipped(_logger, containerId);
                continue;
            }

            selectors.Add($"docker:label:{key}:{value}");
        }

        return selectors;
    }

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }

    // docker:label:<key>:<value> is split at the first ':' after "label:": a key holding ':' would read as another
    // label ("a:b"="c" and "a"="b:c" would be the same selector), so such keys give no selector.
    private static bool IsSelectorKey(string key) =>
        key.Length > 0 && !key.Any(c => c == ':' || char.IsWhiteSpace(c) || char.IsControl(c));

    private async Task<DockerContainerWire> InspectAsync(string containerId, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _client.Value.GetAsync(new Uri($"/{ApiVersion}/containers/{containerId}/json", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or SocketException or IOException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new WorkloadAttestationException($"the Docker Engine API did not answer ({exception.GetType().Name}): the caller's container {containerId} cannot be attested.", exception);
        }

        using (response)
        {
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new WorkloadAttestationException($"the Docker Engine API answered {(int)response.StatusCode} for the caller's container {containerId}.");
            }

            DockerContainerWire? container;
            try
            {
                container = await response.Content.ReadFromJsonAsync(DockerJsonContext.Default.DockerContainerWire, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is JsonException or HttpRequestException or IOException or NotSupportedException)
            {
                throw new WorkloadAttestationException($"the Docker Engine API's answer for container {containerId} is not a container description ({exception.GetType().Name}).", exception);
            }

            if (container is null || !string.Equals(container.Id, containerId, StringComparison.Ordinal) || container.Image is null || !ImageId().IsMatch(container.Image))
            {
                throw new WorkloadAttestationException($"the Docker Engine API's answer for container {containerId} lacks its id or image id.");
            }

            return container;
        }
    }

    private HttpClient CreateClient()
    {
        var options = _options.Value.Docker;
        var socketPath = DockerSocket.TryGetPath(options.Socket) ?? throw new InvalidOperationException("Docker:Socket was validated at start.");
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            UseProxy = false,
            AllowAutoRedirect = false,
        };

        // The host name is not resolved (the connection goes to the socket); Docker's own client sends "docker".
        return new HttpClient(handler) { BaseAddress = new Uri("http://docker"), Timeout = options.Timeout, MaxResponseContentBufferSize = MaxResponseBytes };
    }

    [GeneratedRegex(@"^sha256:[0-9a-f]{64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ImageId();
}
