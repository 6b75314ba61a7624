using System.Text.Json.Serialization;

namespace Bridge.Protocol.Agents;

/// <summary>One issued X.509-SVID.</summary>
public sealed class AgentX509SvidDocument
{
    /// <summary>The entry it was issued for.</summary>
    [JsonPropertyName("entry_id")]
    public required string EntryId { get; init; }

    /// <summary>The SPIFFE ID it carries.</summary>
    [JsonPropertyName("spiffe_id")]
    public required string SpiffeId { get; init; }

    /// <summary>The chain, leaf first, then Bridge's intermediate(s): base64 DER. The roots are in the sync's bundle.</summary>
    [JsonPropertyName("x509_svid_chain")]
    public required IReadOnlyList<string> Chain { get; init; }

    /// <summary>The leaf's NotAfter.</summary>
    [JsonPropertyName("expires_at")]
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The entry's hint, or null.</summary>
    [JsonPropertyName("hint")]
    public string? Hint { get; init; }
}
