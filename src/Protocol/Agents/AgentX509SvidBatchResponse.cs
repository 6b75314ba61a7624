using System.Text.Json.Serialization;

namespace Bridge.Protocol.Agents;

/// <summary>The body of a successful <c>POST /agent/v1/x509-svids</c>: one SVID per request, in request order.</summary>
public sealed class AgentX509SvidBatchResponse
{
    /// <summary>The SVIDs, in the order of the requests.</summary>
    [JsonPropertyName("svids")]
    public required IReadOnlyList<AgentX509SvidDocument> Svids { get; init; }
}
