using System.Net;
using System.Text.Json;

namespace Bridge.Cli.Demo;

/// <summary>The status and JSON body of a <c>/token</c> response.</summary>
internal sealed record ExchangeResponse(HttpStatusCode Status, JsonElement Body)
{
    public bool Ok => Status == HttpStatusCode.OK;

    public string? Get(string name) => Body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public string Describe() => Ok ? $"{(int)Status} → {Get("spiffe_id")}" : $"{(int)Status} {Get("error")}";
}
