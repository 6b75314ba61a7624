using System.Text.Json.Serialization;

namespace Bridge.LambdaHosting.Events;

/// <summary>
/// The fields of an API Gateway HTTP API payload format 2.0 event (also a Lambda Function URL event) that the hosting
/// layer maps into an <c>HttpContext</c>. Other fields (routeKey, pathParameters, authorizer, …) are ignored on purpose:
/// routing is ASP.NET Core's, and an authorizer context is not evidence Bridge trusts.
/// </summary>
internal sealed class HttpApiV2Request
{
    /// <summary>Payload format version; must be "2.0".</summary>
    [JsonPropertyName("version")]
    public string? Version { get; init; }

    /// <summary>The path as sent, percent-encoded, without a custom-domain mapping prefix.</summary>
    [JsonPropertyName("rawPath")]
    public string? RawPath { get; init; }

    /// <summary>The query string as sent, without the leading '?'.</summary>
    [JsonPropertyName("rawQueryString")]
    public string? RawQueryString { get; init; }

    /// <summary>All Cookie headers' pairs, one per element.</summary>
    [JsonPropertyName("cookies")]
    public IReadOnlyList<string>? Cookies { get; init; }

    /// <summary>Headers with lower-case names; duplicates arrive comma-joined.</summary>
    [JsonPropertyName("headers")]
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>The body, as text or base64 per <see cref="IsBase64Encoded"/>.</summary>
    [JsonPropertyName("body")]
    public string? Body { get; init; }

    /// <summary>Whether <see cref="Body"/> is base64.</summary>
    [JsonPropertyName("isBase64Encoded")]
    public bool IsBase64Encoded { get; init; }

    /// <summary>The request context.</summary>
    [JsonPropertyName("requestContext")]
    public HttpApiV2RequestContext? RequestContext { get; init; }
}
