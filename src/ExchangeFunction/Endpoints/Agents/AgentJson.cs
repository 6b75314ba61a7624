using Microsoft.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Bridge.ExchangeFunction.Protocol;

namespace Bridge.ExchangeFunction.Endpoints.Agents;

/// <summary>Strict JSON bodies of the agent API: one object, no unknown or repeated members, valid UTF-8.</summary>
internal static class AgentJson
{
    private const string JsonContentType = "application/json";

    /// <summary>
    /// Reads a JSON body of the agent API: no query string, <c>application/json</c> (UTF-8), the size cap, then
    /// <see cref="TryDeserialize"/>; any fault in it is a 4xx.
    /// </summary>
    public static async Task<(T? Value, OAuthError? Error)> ReadAsync<T>(HttpContext context, int maxBytes, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (context.Request.QueryString is { HasValue: true, Value: not "?" })
        {
            return (null, OAuthError.MalformedRequest);
        }

        if (!IsJson(context.Request.ContentType))
        {
            return (null, AgentApiErrors.NotJson);
        }

        return await BoundedRequestBody.ReadAsync(context.Request, maxBytes, body => TryDeserialize(body, typeInfo), context.RequestAborted);
    }

    /// <summary>The body as <typeparamref name="T"/>, or null when it is not exactly such an object.</summary>
    public static T? TryDeserialize<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        // The serializer checks UTF-8 only in what it turns into strings; a JsonElement member (the attestation's
        // evidence) keeps its bytes unchecked until someone reads it as text. Checked here, every body is refused alike.
        if (!Utf8.IsValid(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(json, typeInfo);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && mediaType.MediaType.Equals(JsonContentType, StringComparison.OrdinalIgnoreCase)
        && (!mediaType.Charset.HasValue || mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
}
