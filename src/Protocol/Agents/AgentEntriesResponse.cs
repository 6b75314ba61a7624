using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bridge.Protocol.Agents;

/// <summary>The body of <c>GET /agent/v1/entries</c>: the agent's authorized entries and the trust bundle, with their revision.</summary>
public sealed class AgentEntriesResponse
{
    /// <summary>Opaque; the same exactly when everything below is the same. Also the response's <c>ETag</c>.</summary>
    [JsonPropertyName("revision")]
    public required string Revision { get; init; }

    /// <summary>The entries the agent may serve and obtain SVIDs for, ordered by id.</summary>
    [JsonPropertyName("entries")]
    public required IReadOnlyList<AgentEntryDocument> Entries { get; init; }

    /// <summary>The trust domain the bundle belongs to (the agent's own).</summary>
    [JsonPropertyName("trust_domain")]
    public required string TrustDomain { get; init; }

    /// <summary>The trust domain's SPIFFE bundle (the document <c>/bundle</c> serves): X.509 roots and JWT-SVID keys.</summary>
    [JsonPropertyName("bundle")]
    public required JsonElement Bundle { get; init; }
}
