using System.Text.Json.Serialization;

namespace Bridge.Protocol.Agents;

/// <summary>The body of <c>POST /agent/v1/renew</c> (docs/agent-api.md). Unknown members are refused.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class AgentRenewalBody
{
    /// <summary>The agent's PKCS#10 request for its next agent SVID.</summary>
    [JsonPropertyName("csr")]
    public string? Csr { get; init; }
}
