using System.Text.Json.Serialization;

namespace Bridge.Protocol.Agents;

/// <summary>The answer of attestation and renewal: the agent X.509-SVID and the trust bundle to verify the service with.</summary>
public sealed class AgentSvidResponse
{
    /// <summary>The agent's SPIFFE ID.</summary>
    [JsonPropertyName("spiffe_id")]
    public required string SpiffeId { get; init; }

    /// <summary>The agent SVID chain as base64 DER, leaf first, then Bridge's intermediates (as JOSE <c>x5c</c>).</summary>
    [JsonPropertyName("x5c")]
    public required IReadOnlyList<string> CertificateChain { get; init; }

    /// <summary>When the SVID expires, in seconds since the Unix epoch.</summary>
    [JsonPropertyName("expires_at")]
    public required long ExpiresAt { get; init; }

    /// <summary>The trust domain's X.509 authorities (root certificates) as base64 DER.</summary>
    [JsonPropertyName("trust_bundle")]
    public required IReadOnlyList<string> TrustBundle { get; init; }
}
