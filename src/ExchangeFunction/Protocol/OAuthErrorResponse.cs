using System.Text.Json.Serialization;

namespace Bridge.ExchangeFunction.Protocol;

/// <summary>The JSON body of an OAuth error (RFC 6749 §5.2).</summary>
public sealed class OAuthErrorResponse
{
    /// <summary>The error code.</summary>
    [JsonPropertyName("error")]
    public required string Error { get; init; }

    /// <summary>The fixed, generic description.</summary>
    [JsonPropertyName("error_description")]
    public required string ErrorDescription { get; init; }
}
