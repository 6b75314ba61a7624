using System.Text.Json.Serialization;

namespace Bridge.Protocol.Agents;

/// <summary>The body of <c>POST /agent/v1/x509-svids</c>.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class AgentX509SvidBatchRequest
{
    /// <summary>One to 50 requests, answered all or nothing.</summary>
    [JsonPropertyName("requests")]
    public required IReadOnlyList<AgentX509SvidRequestItem> Requests { get; init; }
}
