using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Bridge.Spiffe.Bundle.Jwt;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.Jwt;
using Bridge.Spiffe.Tests.TestSupport;

namespace Bridge.Spiffe.Tests.Svid.Jwt;

/// <summary>Keys, bundles and token builders shared by the JWT-SVID validator tests.</summary>
internal static class JwtFixture
{
    public static readonly DateTimeOffset Now = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly JwtBundleSet Bundles = new([
        new JwtBundle(TrustDomain.Parse("example.org"), [
            JwtAuthority.FromPublicKey("ec256", TestKeys.P256),
            JwtAuthority.FromPublicKey("ec384", TestKeys.P384),
            JwtAuthority.FromPublicKey("ec521", TestKeys.P521),
            JwtAuthority.FromPublicKey("rsa", TestKeys.Rsa2048),
        ]),
        new JwtBundle(TrustDomain.Parse("other.org"), [JwtAuthority.FromPublicKey("other-key", TestKeys.P256Other)]),
    ]);

    public static long Unix(int secondsFromNow) => Now.AddSeconds(secondsFromNow).ToUnixTimeSeconds();

    public static JsonObject Header(string alg = "ES256", string kid = "ec256") =>
        new() { ["alg"] = alg, ["kid"] = kid, ["typ"] = "JWT" };

    public static JsonObject Payload(Action<JsonObject>? change = null)
    {
        var payload = new JsonObject
        {
            ["sub"] = "spiffe://example.org/workload",
            ["aud"] = new JsonArray("svc"),
            ["exp"] = Unix(300),
            ["iat"] = Unix(0),
        };
        change?.Invoke(payload);
        return payload;
    }

    /// <summary>Signs with the key the header's kid names (or <paramref name="key"/>) using the header's alg.</summary>
    public static string Token(JsonObject? header = null, JsonObject? payload = null, AsymmetricAlgorithm? key = null)
    {
        header ??= Header();
        payload ??= Payload();
        var alg = header["alg"]!.GetValue<string>();
        return TestJwtSigner.Sign(header.ToJsonString(), payload.ToJsonString(), key ?? KeyFor(alg), alg);
    }

    public static string RawToken(string headerJson, string payloadJson, string alg = "ES256") =>
        TestJwtSigner.Sign(headerJson, payloadJson, KeyFor(alg), alg);

    public static JwtSvidValidationResult Validate(string token, TimeSpan leeway = default) =>
        JwtSvidValidator.Validate(token, Bundles, "svc", Now, leeway);

    /// <summary>Swaps in a different payload while keeping the original signature.</summary>
    public static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = Payload(p => p["sub"] = "spiffe://example.org/admin").ToJsonString();
        return parts[0] + "." + TestJwtSigner.Encode(payload) + "." + parts[2];
    }

    /// <summary>A valid ES256 token padded with a private claim to exactly <paramref name="length"/> characters.</summary>
    public static string TokenOfLength(int length)
    {
        // Unpadded base64url never has a length of 1 mod 4, so some lengths need the other typ value.
        foreach (var typ in new[] { "JWT", "JOSE" })
        {
            var header = new JsonObject { ["alg"] = "ES256", ["kid"] = "ec256", ["typ"] = typ };
            for (var pad = length * 3 / 4; pad > 0; pad--)
            {
                var token = Token(header, Payload(p => p["pad"] = new string('a', pad)));
                if (token.Length == length)
                {
                    return token;
                }

                if (token.Length < length)
                {
                    break;
                }
            }
        }

        throw new InvalidOperationException("No padding produced the requested length.");
    }

    private static AsymmetricAlgorithm KeyFor(string alg) => alg switch
    {
        "ES384" => TestKeys.P384,
        "ES512" => TestKeys.P521,
        _ when alg.StartsWith("RS", StringComparison.Ordinal) || alg.StartsWith("PS", StringComparison.Ordinal) => TestKeys.Rsa2048,
        _ => TestKeys.P256,
    };
}
