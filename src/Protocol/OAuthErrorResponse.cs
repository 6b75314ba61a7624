using System.Text.Json.Serialization;

namespace Bridge.Protocol;

/// <summary>
/// The JSON body of an OAuth error (RFC 6749 §5.2), as the service writes it and Bridge.Client and the agent read it.
/// Bridge always sends a description; RFC 6749 makes it optional, so readers accept a body without one.
/// </summary>
public sealed class OAuthErrorResponse
{
    /// <summary>The error code.</summary>
    [JsonPropertyName("error")]
    public required string Error { get; init; }

    /// <summary>The fixed, generic description.</summary>
    [JsonPropertyName("error_description")]
    public string? ErrorDescription { get; init; }
}
