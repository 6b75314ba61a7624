using System.Text.Json.Serialization;

namespace Bridge.Agent.Workloads.Docker;

/// <summary>Source-generated JSON for the part of the Docker Engine API's <c>ContainerInspectResponse</c> the attestor reads.</summary>
[JsonSerializable(typeof(DockerContainerWire))]
internal sealed partial class DockerJsonContext : JsonSerializerContext;

/// <summary><c>GET /containers/{id}/json</c>: <c>Image</c> is the image's content id (<c>sha256:…</c>); <c>Config.Image</c> is the name it was started by.</summary>
internal sealed record DockerContainerWire(string? Id, string? Image, DockerContainerConfigWire? Config);

internal sealed record DockerContainerConfigWire(Dictionary<string, string?>? Labels);
