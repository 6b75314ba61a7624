using System.Text;

namespace Bridge.ExchangeFunction.Tests.Fuzz;

/// <summary>
/// Mutates a valid JSON request body given as its members (name and JSON text), for the agent API fuzz: hostile values
/// in place of a member (huge numbers, lone surrogates, deep nesting, wrong types), members removed, repeated or added,
/// base64 damaged, bytes flipped or spliced (invalid UTF-8 included), truncation, random JSON, a wrong content type.
/// <c>control</c> leaves the body valid. The members of one nested object (<paramref name="nested"/>) may be mutated instead.
/// </summary>
internal static class JsonBodyMutations
{
    private static readonly string[] Kinds =
        ["control", "member-value", "member-removed", "member-repeated", "member-added", "base64", "byte-flip", "byte-splice", "truncated", "random-json", "deep", "content-type"];

    private static readonly string[] Base64Damage = ["!", "-", "_", " ", "\\n", "=", "==", "\\u0000", "%", "A", "AAA"];

    private static readonly string[] ContentTypes = ["text/plain", "application/x-www-form-urlencoded", "application/jsonx", "multipart/form-data"];

    /// <summary>
    /// A mutated body. <paramref name="wrap"/> turns the (possibly mutated) members into the whole body, e.g. the batch's
    /// <c>{"requests":[…]}</c> around one item.
    /// </summary>
    public static (string Kind, byte[] Body, string ContentType) Create(
        Random random, List<KeyValuePair<string, string>> members, Func<string, string>? wrap = null)
    {
        wrap ??= static o => o;
        var kind = Kinds[random.Next(Kinds.Length)];
        var contentType = "application/json";
        var i = random.Next(members.Count);
        switch (kind)
        {
            case "member-value":
                members[i] = new(members[i].Key, Pick(random, HostileValues.Json));
                break;
            case "member-removed":
                members.RemoveAt(i);
                break;
            case "member-repeated":
                members.Insert(random.Next(members.Count + 1), new(members[i].Key, random.Next(2) == 0 ? members[i].Value : Pick(random, HostileValues.Json)));
                break;
            case "member-added":
                members.Insert(random.Next(members.Count + 1), new(Pick(random, ["ttl", "x", "", "Attestor", "csr ", "entry_id\\u0000", "requests", "web_identity_token"]), Pick(random, HostileValues.Json)));
                break;
            case "base64":
                var b64 = members.FindIndex(m => m.Key is "csr" || m.Value.Contains("rsa2048", StringComparison.Ordinal));
                members[b64] = new(members[b64].Key, DamageBase64(random, members[b64].Value));
                break;
            case "deep":
                var depth = random.Next(64, 5000);
                members[i] = new(members[i].Key, new string('[', depth) + new string(']', depth));
                break;
            case "content-type":
                contentType = Pick(random, ContentTypes);
                break;
        }

        var text = kind == "random-json" ? RandomJson(random, 0) : wrap(Render(members));
        var body = Encoding.UTF8.GetBytes(text);
        body = kind switch
        {
            "byte-flip" => Flip(random, body),
            "byte-splice" => Splice(random, body),
            "truncated" => body[..random.Next(body.Length)],
            _ => body,
        };
        return (kind, body, contentType);
    }

    private static string Render(List<KeyValuePair<string, string>> members) =>
        "{" + string.Join(",", members.Select(m => "\"" + m.Key + "\":" + m.Value)) + "}";

    private static string DamageBase64(Random random, string json)
    {
        // Inside the first long base64 run of the value (the CSR, or the PKCS#7 of the evidence).
        var start = json.IndexOf("MI", StringComparison.Ordinal);
        if (start < 0)
        {
            return json;
        }

        var end = start;
        while (end < json.Length && json[end] is not '"')
        {
            end++;
        }

        var at = random.Next(start, end);
        return random.Next(3) switch
        {
            0 => json[..at] + Pick(random, Base64Damage) + json[at..],
            1 => json[..at] + json[Math.Min(end, at + random.Next(1, 4))..],
            _ => json[..start] + Convert.ToBase64String(Encoding.UTF8.GetBytes("not a DER structure")) + json[end..],
        };
    }

    private static byte[] Flip(Random random, byte[] body)
    {
        var copy = (byte[])body.Clone();
        for (var n = random.Next(1, 4); n > 0 && copy.Length > 0; n--)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private static byte[] Splice(Random random, byte[] body)
    {
        var at = random.Next(body.Length + 1);
        var inserted = random.Next(2) == 0
            ? [Pick(random, HostileValues.Bytes)]
            : Encoding.UTF8.GetBytes(Pick(random, HostileValues.Snippets));
        return [.. body[..at], .. inserted, .. body[at..]];
    }

    private static string RandomJson(Random random, int depth) => random.Next(depth > 3 ? 2 : 4) switch
    {
        0 => Pick(random, HostileValues.Json),
        1 => "\"" + new string((char)random.Next('a', 'z' + 1), random.Next(0, 40)) + "\"",
        2 => "[" + string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomJson(random, depth + 1))) + "]",
        _ => "{" + string.Join(",", Enumerable.Range(0, random.Next(0, 4)).Select(n => $"\"{Pick(random, ["attestor", "evidence", "csr", "requests", "entry_id", "k" + n])}\":{RandomJson(random, depth + 1)}")) + "}",
    };

    private static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];
}
