using System.Text.Json.Serialization;

namespace Bridge.LambdaHosting.Events;

/// <summary>The HTTP API payload format 2.0 response (also a Function URL response).</summary>
internal sealed class HttpApiV2Response
{
    /// <summary>The HTTP status code.</summary>
    [JsonPropertyName("statusCode")]
    public int StatusCode { get; init; }

    /// <summary>Response headers; a header with several values is comma-joined. Set-Cookie goes to <see cref="Cookies"/>.</summary>
    [JsonPropertyName("headers")]
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Each element becomes one Set-Cookie header.</summary>
    [JsonPropertyName("cookies")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Cookies { get; init; }

    /// <summary>The body, as text or base64 per <see cref="IsBase64Encoded"/>.</summary>
    [JsonPropertyName("body")]
    public string Body { get; init; } = string.Empty;

    /// <summary>Whether <see cref="Body"/> is base64.</summary>
    [JsonPropertyName("isBase64Encoded")]
    public bool IsBase64Encoded { get; init; }
}
