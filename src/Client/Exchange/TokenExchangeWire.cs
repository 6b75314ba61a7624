using System.Text.Json.Serialization;

namespace Bridge.Client.Exchange;

/// <summary>The success body of <c>POST /token</c> as Bridge sends it.</summary>
internal sealed class TokenResponseBody
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("issued_token_type")]
    public string? IssuedTokenType { get; set; }

    [JsonPropertyName("expires_in")]
    public long? ExpiresIn { get; set; }

    [JsonPropertyName("spiffe_id")]
    public string? SpiffeId { get; set; }

    [JsonPropertyName("hint")]
    public string? Hint { get; set; }

    [JsonPropertyName("x5c")]
    public List<string>? X5c { get; set; }

    [JsonPropertyName("trust_bundle")]
    public List<string>? TrustBundle { get; set; }
}

/// <summary>An RFC 6749 §5.2 error body.</summary>
internal sealed class ErrorResponseBody
{
    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("error_description")]
    public string? ErrorDescription { get; set; }
}

/// <summary>Source-generated serialization, so the client stays trimming and Native AOT friendly.</summary>
[JsonSerializable(typeof(TokenResponseBody))]
[JsonSerializable(typeof(ErrorResponseBody))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
