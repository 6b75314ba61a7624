namespace Bridge.Testing.Docker;

/// <summary>A container the fake Docker Engine describes: its 64-hex id, its image's content id and name, labels and environment.</summary>
public sealed record FakeDockerContainer(
    string Id,
    string ImageId,
    string ImageName = "registry.example.org/web:1.4",
    IReadOnlyDictionary<string, string>? Labels = null,
    IReadOnlyList<string>? Env = null);
