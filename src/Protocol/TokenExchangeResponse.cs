using System.Text.Json.Serialization;

namespace Bridge.Protocol;

/// <summary>A successful RFC 8693 response (§2.2.1), with Bridge's SVID members.</summary>
public sealed class TokenExchangeResponse
{
    /// <summary>The issued token: the JWT-SVID, or the PEM X.509-SVID chain (leaf first).</summary>
    [JsonPropertyName("access_token")]
    public required string AccessToken { get; init; }

    /// <summary>The token-type URI of what was issued.</summary>
    [JsonPropertyName("issued_token_type")]
    public required string IssuedTokenType { get; init; }

    /// <summary>Always <c>N_A</c>: an SVID is not an OAuth access token (RFC 8693 §2.2.1).</summary>
    [JsonPropertyName("token_type")]
    public string TokenType { get; init; } = "N_A";

    /// <summary>Seconds until the SVID expires.</summary>
    [JsonPropertyName("expires_in")]
    public required long ExpiresIn { get; init; }

    /// <summary>The SPIFFE ID the SVID carries.</summary>
    [JsonPropertyName("spiffe_id")]
    public required string SpiffeId { get; init; }

    /// <summary>The registration entry's hint, when it has one.</summary>
    [JsonPropertyName("hint")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Hint { get; init; }

    /// <summary>X.509-SVID only: the chain as base64 DER, leaf first, then Bridge's intermediates (as JOSE <c>x5c</c>).</summary>
    [JsonPropertyName("x5c")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? CertificateChain { get; init; }

    /// <summary>X.509-SVID only: the trust bundle of the trust domain, the root certificates as base64 DER.</summary>
    [JsonPropertyName("trust_bundle")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? TrustBundle { get; init; }
}
