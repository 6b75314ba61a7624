using System.Text.Json;
using Google.Protobuf.WellKnownTypes;

namespace Bridge.Agent.WorkloadApi;

/// <summary>Turns validated JWT claims into the <c>google.protobuf.Struct</c> of <c>ValidateJWTSVIDResponse</c> (numbers become doubles, as in JSON).</summary>
internal static class ClaimsStruct
{
    public static Struct From(IReadOnlyDictionary<string, JsonElement> claims)
    {
        var result = new Struct();
        foreach (var (name, value) in claims)
        {
            result.Fields[name] = ToValue(value);
        }

        return result;
    }

    private static Value ToValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => Value.ForString(element.GetString()!),
        JsonValueKind.Number => Value.ForNumber(element.GetDouble()),
        JsonValueKind.True => Value.ForBool(true),
        JsonValueKind.False => Value.ForBool(false),
        JsonValueKind.Array => Value.ForList([.. element.EnumerateArray().Select(ToValue)]),
        JsonValueKind.Object => Value.ForStruct(FromObject(element)),
        _ => Value.ForNull(),
    };

    private static Struct FromObject(JsonElement element)
    {
        var result = new Struct();
        foreach (var property in element.EnumerateObject())
        {
            result.Fields[property.Name] = ToValue(property.Value);
        }

        return result;
    }
}
