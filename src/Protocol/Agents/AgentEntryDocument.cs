using System.Text.Json.Serialization;

namespace Bridge.Protocol.Agents;

/// <summary>One authorized entry as the agent sees it: what a workload must show to get it, and what it gets.</summary>
public sealed class AgentEntryDocument
{
    /// <summary>The entry id, named in SVID requests.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The SPIFFE ID its SVIDs carry.</summary>
    [JsonPropertyName("spiffe_id")]
    public required string SpiffeId { get; init; }

    /// <summary>The agent's own ID or the node set's ID through which the agent holds the entry.</summary>
    [JsonPropertyName("parent_id")]
    public required string ParentId { get; init; }

    /// <summary>The workload selectors (<c>type:value</c>) a workload must all have.</summary>
    [JsonPropertyName("selectors")]
    public required IReadOnlyList<string> Selectors { get; init; }

    /// <summary>The entry's X.509-SVID lifetime in seconds; null means the server default.</summary>
    [JsonPropertyName("x509_svid_ttl_seconds")]
    public long? X509SvidTtlSeconds { get; init; }

    /// <summary>The entry's JWT-SVID lifetime in seconds; null means the server default.</summary>
    [JsonPropertyName("jwt_svid_ttl_seconds")]
    public long? JwtSvidTtlSeconds { get; init; }

    /// <summary>The audiences a JWT-SVID for the entry may carry; empty means none can be issued.</summary>
    [JsonPropertyName("audiences")]
    public required IReadOnlyList<string> Audiences { get; init; }

    /// <summary>The DNS names X.509-SVIDs for the entry carry.</summary>
    [JsonPropertyName("dns_names")]
    public required IReadOnlyList<string> DnsNames { get; init; }

    /// <summary>The operator's hint (Workload API <c>hint</c>), or null.</summary>
    [JsonPropertyName("hint")]
    public string? Hint { get; init; }

    /// <summary>When the entry stops applying, or null.</summary>
    [JsonPropertyName("expires_at")]
    public DateTimeOffset? ExpiresAt { get; init; }
}
