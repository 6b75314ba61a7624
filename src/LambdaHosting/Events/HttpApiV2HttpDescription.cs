using System.Text.Json.Serialization;

namespace Bridge.LambdaHosting.Events;

/// <summary>The <c>requestContext.http</c> object of an HTTP API payload 2.0 event.</summary>
internal sealed class HttpApiV2HttpDescription
{
    /// <summary>The HTTP method.</summary>
    [JsonPropertyName("method")]
    public string? Method { get; init; }

    /// <summary>The protocol, e.g. "HTTP/1.1".</summary>
    [JsonPropertyName("protocol")]
    public string? Protocol { get; init; }

    /// <summary>The client's address as API Gateway saw it.</summary>
    [JsonPropertyName("sourceIp")]
    public string? SourceIp { get; init; }
}
