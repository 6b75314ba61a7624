using System.Text.Json.Serialization;

namespace Bridge.ExchangeFunction.Protocol;

/// <summary>The body of the health endpoints.</summary>
/// <param name="Status"><c>ok</c> or <c>starting</c>.</param>
public sealed record HealthStatus([property: JsonPropertyName("status")] string Status);
