using System.Text.Json.Serialization;

namespace Bridge.Protocol.Agents;

/// <summary>The body of a successful <c>POST /agent/v1/jwt-svids</c>.</summary>
public sealed class AgentJwtSvidResponse
{
    /// <summary>The entry it was issued for.</summary>
    [JsonPropertyName("entry_id")]
    public required string EntryId { get; init; }

    /// <summary>The SPIFFE ID (<c>sub</c>) it carries.</summary>
    [JsonPropertyName("spiffe_id")]
    public required string SpiffeId { get; init; }

    /// <summary>The JWT-SVID (compact JWS).</summary>
    [JsonPropertyName("token")]
    public required string Token { get; init; }

    /// <summary>Its <c>exp</c>.</summary>
    [JsonPropertyName("expires_at")]
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The entry's hint, or null.</summary>
    [JsonPropertyName("hint")]
    public string? Hint { get; init; }
}
