using System.Text;
using System.Text.Json.Nodes;
using Bridge.Abstractions.State;

namespace Bridge.Authority.Aws.Tests.Kms.Envelope;

/// <summary>Reads and rewrites stored envelope documents as raw JSON, the way an attacker with store access would.</summary>
internal static class EnvelopeDocuments
{
    public static async Task<JsonObject> ReadAsync(IAuthorityStateStore store, string name)
    {
        var document = await store.GetAsync(name, CancellationToken.None);
        Assert.NotNull(document);
        return JsonNode.Parse(document.Content.Span)!.AsObject();
    }

    public static async Task WriteAsync(IAuthorityStateStore store, string name, JsonObject content)
    {
        var current = await store.GetAsync(name, CancellationToken.None);
        var written = await store.TryWriteAsync(name, Encoding.UTF8.GetBytes(content.ToJsonString()), current?.Revision ?? 0, CancellationToken.None);
        Assert.NotNull(written);
    }

    public static JsonObject Entry(JsonObject document, string keyId) =>
        document["keys"]!.AsArray().Single(e => (string?)e!["id"] == keyId)!.AsObject();
}
