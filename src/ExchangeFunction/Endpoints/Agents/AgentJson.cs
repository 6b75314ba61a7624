using System.Text.Json;
using System.Text.Unicode;
using System.Text.Json.Serialization.Metadata;

namespace Bridge.ExchangeFunction.Endpoints.Agents;

/// <summary>Strict JSON bodies of the agent API: one object, no unknown or repeated members, valid UTF-8.</summary>
internal static class AgentJson
{
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
}
