using System.Text.Json.Serialization;

namespace Bridge.Protocol.Agents;

/// <summary>One X.509-SVID request of a batch.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class AgentX509SvidRequestItem
{
    /// <summary>An entry id from the agent's sync.</summary>
    [JsonPropertyName("entry_id")]
    public required string EntryId { get; init; }

    /// <summary>The workload's PKCS#10 request: DER, base64 (standard alphabet, padded) in JSON.</summary>
    [JsonPropertyName("csr")]
    public required byte[] Csr { get; init; }
}
