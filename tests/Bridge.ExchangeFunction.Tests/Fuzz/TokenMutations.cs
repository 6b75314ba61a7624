using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Bridge.Testing.Oidc;

namespace Bridge.ExchangeFunction.Tests.Fuzz;

/// <summary>
/// Mutations of a valid subject token. Byte-level ones decode a segment, change it and re-encode it as base64url, so
/// the token keeps its compact shape and reaches the JSON and signature code. Re-signed ones plant a hostile value in
/// the header or a claim and sign again with the issuer's key, so it also reaches the verified-claims code.
/// </summary>
internal static class TokenMutations
{
    private const string Marker = "FUZZ_HOSTILE_VALUE";

    /// <summary>A changed segment (header, payload or signature), re-encoded; or a change of the token text itself.</summary>
    public static (string Kind, string Token) Bytes(FuzzSeed seed, Random random)
    {
        var parts = seed.MintToken().Split('.');
        if (random.Next(5) == 0)
        {
            return ("token-text", Text(string.Join('.', parts), random));
        }

        var segment = random.Next(3);
        var mutated = MutateBytes(Base64Url.DecodeFromChars(parts[segment]), random);
        parts[segment] = Base64Url.EncodeToString(mutated);
        return ("token-bytes-" + (segment switch { 0 => "header", 1 => "payload", _ => "signature" }), string.Join('.', parts));
    }

    /// <summary>A hostile value in the header or in a (possibly nested) claim, then signed with the issuer's real key.</summary>
    public static (string Kind, string Token) Resigned(FuzzSeed seed, Random random)
    {
        var header = OidcTokenFactory.DefaultHeader(seed.Key);
        var claims = seed.Claims();
        var inHeader = random.Next(4) == 0;
        var target = inHeader ? header : claims;
        string kind;
        if (random.Next(8) == 0)
        {
            target[inHeader ? Pick(random, ["crit", "jku", "zip", "x-extra"]) : "x-extra"] = Marker;
            kind = inHeader ? "resigned-header-extra" : "resigned-claim-extra";
        }
        else
        {
            var (parent, name) = PickMember(target, random);
            parent[name] = Marker;
            kind = inHeader ? "resigned-header" : "resigned-claim";
        }

        var hostile = Pick(random, HostileValues.Json);
        var headerText = header.ToJsonString().Replace($"\"{Marker}\"", hostile, StringComparison.Ordinal);
        var payloadText = claims.ToJsonString().Replace($"\"{Marker}\"", hostile, StringComparison.Ordinal);
        if (random.Next(10) == 0)
        {
            // A duplicated member: the first of two "iss" (or "sub") values could otherwise win in one parser, the last in another.
            var member = $"\"{Pick(random, ["iss", "sub", "aud", "exp", "jti"])}\":";
            var at = payloadText.IndexOf(member, StringComparison.Ordinal);
            if (at >= 0)
            {
                payloadText = payloadText.Insert(at, member + "\"dup\",");
                kind += "-duplicate";
            }
        }

        var headerBytes = Encoding.UTF8.GetBytes(headerText);
        var payloadBytes = Encoding.UTF8.GetBytes(payloadText);
        if (random.Next(10) == 0)
        {
            // Bytes that are not UTF-8, inside a string, signed.
            var bytes = inHeader ? headerBytes : payloadBytes;
            var quote = Array.IndexOf(bytes, (byte)'"', random.Next(bytes.Length));
            if (quote >= 0)
            {
                bytes[quote + 1 < bytes.Length ? quote + 1 : quote] = Pick(random, [(byte)0xFF, (byte)0xC3, (byte)0xED, (byte)0x80]);
                kind += "-utf8";
            }
        }

        return (kind, OidcTokenFactory.SignRaw(headerBytes, payloadBytes, seed.Key, seed.Key.Algorithm));
    }

    /// <summary>Bit flips, truncations, insertions, deletions and duplications of <paramref name="bytes"/>.</summary>
    public static byte[] MutateBytes(byte[] bytes, Random random)
    {
        var list = new List<byte>(bytes);
        var rounds = 1 + random.Next(3);
        for (var round = 0; round < rounds; round++)
        {
            var at = list.Count == 0 ? 0 : random.Next(list.Count);
            switch (random.Next(7))
            {
                case 0 when list.Count > 0:
                    list[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    list.RemoveRange(at, list.Count - at);
                    break;
                case 2:
                    list.Insert(at, Pick(random, HostileValues.Bytes));
                    break;
                case 3:
                    list.InsertRange(at, Encoding.UTF8.GetBytes(Pick(random, HostileValues.Snippets)));
                    break;
                case 4 when list.Count > 0:
                    list.RemoveRange(at, Math.Min(1 + random.Next(8), list.Count - at));
                    break;
                case 5 when list.Count > 0:
                    list.InsertRange(at, list.GetRange(at, Math.Min(1 + random.Next(16), list.Count - at)));
                    break;
                default:
                    if (list.Count > 0)
                    {
                        list[at] = (byte)random.Next(256);
                    }

                    break;
            }
        }

        return [.. list];
    }

    /// <summary>Changes to the token's characters: they may break base64url or the three-part shape on purpose.</summary>
    private static string Text(string token, Random random)
    {
        var at = random.Next(token.Length);
        return random.Next(8) switch
        {
            0 => token.Remove(at, 1),
            1 => token.Insert(at, "."),
            2 => token.Insert(at, Pick(random, ["=", "+", "/", " ", "%", "\u00e9", "\0"])),
            3 => token[..at],
            4 => token + "." + token,
            5 => token.Replace('.', '_'),
            6 => string.Concat(token.AsSpan(0, at), token.AsSpan(at).ToString().ToUpperInvariant()),
            _ => token + new string('A', 4 * random.Next(1, 5000)),
        };
    }

    /// <summary>A member of <paramref name="root"/> or of an object nested in it, chosen uniformly.</summary>
    private static (JsonObject Parent, string Name) PickMember(JsonObject root, Random random)
    {
        var members = new List<(JsonObject, string)>();
        Collect(root, members);
        return members[random.Next(members.Count)];

        static void Collect(JsonObject node, List<(JsonObject, string)> members)
        {
            foreach (var (name, value) in node.ToList())
            {
                members.Add((node, name));
                if (value is JsonObject child)
                {
                    Collect(child, members);
                }
            }
        }
    }

    internal static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];
}
