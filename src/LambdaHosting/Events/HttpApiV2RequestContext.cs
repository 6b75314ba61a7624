using System.Text.Json.Serialization;

namespace Bridge.LambdaHosting.Events;

/// <summary>The <c>requestContext</c> of an HTTP API payload 2.0 event.</summary>
internal sealed class HttpApiV2RequestContext
{
    /// <summary>The API Gateway request id.</summary>
    [JsonPropertyName("requestId")]
    public string? RequestId { get; init; }

    /// <summary>The stage name; "$default" for the default stage and for Function URLs.</summary>
    [JsonPropertyName("stage")]
    public string? Stage { get; init; }

    /// <summary>The HTTP details.</summary>
    [JsonPropertyName("http")]
    public HttpApiV2HttpDescription? Http { get; init; }
}
