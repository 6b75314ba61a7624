using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bridge.Protocol.Agents;

/// <summary>The body of <c>POST /agent/v1/attest</c> (docs/agent-api.md). Unknown members are refused.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class AgentAttestationBody
{
    /// <summary>The node attestor, e.g. <c>aws_iid</c>.</summary>
    [JsonPropertyName("attestor")]
    public string? Attestor { get; init; }

    /// <summary>The attestor's evidence: a JSON object, passed to the attestor as it was sent.</summary>
    [JsonPropertyName("evidence")]
    public JsonElement Evidence { get; init; }

    /// <summary>The agent's PKCS#10 request: base64 DER (base64url and PEM are accepted as at <c>/token</c>).</summary>
    [JsonPropertyName("csr")]
    public string? Csr { get; init; }

    /// <summary>An optional fresh STS <c>GetWebIdentityToken</c> JWT naming the instance, for a safe re-attestation.</summary>
    [JsonPropertyName("web_identity_token")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? WebIdentityToken { get; init; }
}
