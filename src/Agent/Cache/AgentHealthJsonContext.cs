using System.Text.Json.Serialization;

namespace Bridge.Agent.Cache;

/// <summary>Source-generated JSON for the health endpoint: no reflection, so it runs as Native AOT.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = false)]
[JsonSerializable(typeof(AgentHealthReport))]
internal sealed partial class AgentHealthJsonContext : JsonSerializerContext;
