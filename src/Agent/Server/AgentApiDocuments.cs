using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bridge.Agent.Server;

// The agent API's bodies as the agent writes and reads them (docs/agent-api.md). Answers may gain members within v1,
// so unknown members are ignored; every member the agent relies on is required and typed, repeats are refused.

/// <summary><c>POST /agent/v1/attest</c>.</summary>
internal sealed class AttestRequestDocument
{
    [JsonPropertyName("attestor")]
    public required string Attestor { get; init; }

    [JsonPropertyName("evidence")]
    public required JsonElement Evidence { get; init; }

    [JsonPropertyName("csr")]
    public required string Csr { get; init; }

    [JsonPropertyName("web_identity_token")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? WebIdentityToken { get; init; }
}

/// <summary><c>POST /agent/v1/renew</c>.</summary>
internal sealed class RenewRequestDocument
{
    [JsonPropertyName("csr")]
    public required string Csr { get; init; }
}

/// <summary>The answer of attestation and renewal.</summary>
internal sealed class AgentSvidDocument
{
    [JsonPropertyName("spiffe_id")]
    public required string SpiffeId { get; init; }

    [JsonPropertyName("x5c")]
    public required IReadOnlyList<string> Chain { get; init; }

    [JsonPropertyName("expires_at")]
    public required long ExpiresAt { get; init; }

    [JsonPropertyName("trust_bundle")]
    public required IReadOnlyList<string> TrustBundle { get; init; }
}

/// <summary><c>GET /agent/v1/entries</c>.</summary>
internal sealed class EntriesDocument
{
    [JsonPropertyName("revision")]
    public required string Revision { get; init; }

    [JsonPropertyName("entries")]
    public required IReadOnlyList<EntryDocument> Entries { get; init; }

    [JsonPropertyName("trust_domain")]
    public required string TrustDomain { get; init; }

    [JsonPropertyName("bundle")]
    public required JsonElement Bundle { get; init; }
}

/// <summary>One entry of the sync.</summary>
internal sealed class EntryDocument
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("spiffe_id")]
    public required string SpiffeId { get; init; }

    [JsonPropertyName("parent_id")]
    public required string ParentId { get; init; }

    [JsonPropertyName("selectors")]
    public required IReadOnlyList<string> Selectors { get; init; }

    [JsonPropertyName("x509_svid_ttl_seconds")]
    public required int? X509SvidTtlSeconds { get; init; }

    [JsonPropertyName("jwt_svid_ttl_seconds")]
    public required int? JwtSvidTtlSeconds { get; init; }

    [JsonPropertyName("audiences")]
    public required IReadOnlyList<string> Audiences { get; init; }

    [JsonPropertyName("dns_names")]
    public required IReadOnlyList<string> DnsNames { get; init; }

    [JsonPropertyName("hint")]
    public string? Hint { get; init; }

    [JsonPropertyName("expires_at")]
    public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary><c>POST /agent/v1/x509-svids</c>.</summary>
internal sealed class X509BatchRequestDocument
{
    [JsonPropertyName("requests")]
    public required IReadOnlyList<X509BatchItemDocument> Requests { get; init; }
}

/// <summary>One item of the batch.</summary>
internal sealed class X509BatchItemDocument
{
    [JsonPropertyName("entry_id")]
    public required string EntryId { get; init; }

    [JsonPropertyName("csr")]
    public required string Csr { get; init; }
}

/// <summary>The batch answer.</summary>
internal sealed class X509BatchResponseDocument
{
    [JsonPropertyName("svids")]
    public required IReadOnlyList<X509SvidDocument> Svids { get; init; }
}

/// <summary>One SVID of the batch answer.</summary>
internal sealed class X509SvidDocument
{
    [JsonPropertyName("entry_id")]
    public required string EntryId { get; init; }

    [JsonPropertyName("spiffe_id")]
    public required string SpiffeId { get; init; }

    [JsonPropertyName("x509_svid_chain")]
    public required IReadOnlyList<string> Chain { get; init; }

    [JsonPropertyName("expires_at")]
    public required DateTimeOffset ExpiresAt { get; init; }

    [JsonPropertyName("hint")]
    public string? Hint { get; init; }
}

/// <summary><c>POST /agent/v1/jwt-svids</c>.</summary>
internal sealed class JwtSvidRequestDocument
{
    [JsonPropertyName("entry_id")]
    public required string EntryId { get; init; }

    [JsonPropertyName("audience")]
    public required IReadOnlyList<string> Audience { get; init; }
}

/// <summary>The JWT-SVID answer.</summary>
internal sealed class JwtSvidResponseDocument
{
    [JsonPropertyName("entry_id")]
    public required string EntryId { get; init; }

    [JsonPropertyName("spiffe_id")]
    public required string SpiffeId { get; init; }

    [JsonPropertyName("token")]
    public required string Token { get; init; }

    [JsonPropertyName("expires_at")]
    public required DateTimeOffset ExpiresAt { get; init; }

    [JsonPropertyName("hint")]
    public string? Hint { get; init; }
}

/// <summary>The OAuth error body.</summary>
internal sealed class ErrorDocument
{
    [JsonPropertyName("error")]
    public string? Error { get; init; }
}

/// <summary>The one member of the exchange's discovery document the agent reads.</summary>
internal sealed class DiscoveryDocument
{
    [JsonPropertyName("issuer")]
    public required string Issuer { get; init; }
}
