namespace Bridge.ExchangeFunction.Tests.Fuzz;

/// <summary>The values the mutators plant: JSON that parses but no claim expects, bytes that break decoders, odd text.</summary>
internal static class HostileValues
{
    /// <summary>Raw JSON values put in place of a header parameter or claim before re-signing.</summary>
    public static readonly string[] Json =
    [
        "\"\\ud800\"", "\"a\\udc00b\"", "\"\\udbff\\udbff\"", "\"\\u0000\"", "\"\"", "\" \"", "\"\\r\\n\"", "\"\\u202e\"",
        "\"" + new string('a', 3000) + "\"", "\"" + new string('b', 20000) + "\"",
        "1e309", "-1e309", "1E-400", "99999999999999999999999999", "9223372036854775808", "-9223372036854775809",
        "-1", "0", "1.5", "253402300799", "253402300800", "4102444800.999",
        "true", "false", "null", "{}", "[]", "[\"a\",1]", "[null]", "{\"a\":{\"b\":{}}}",
        Nested('[', ']', 8), Nested('[', ']', 15), Nested('[', ']', 40), Nested('{', '}', 12),
        "\"arn:aws:iam::123456789012:role/Fuzz\"", "\"arn:aws:sts::123456789012:assumed-role/Fuzz/session\"",
        "\"arn:aws:iam::123456789012:role/../Admin\"", "\"arn:aws:iam::000000000000:role/Fuzz\"", "\"123456789012\"",
        "\"system:serviceaccount:payments:api\"", "\"bridge\"", "\"bridge/\"", "[\"bridge\",\"bridge\"]", "[\"x\",\"bridge\"]",
        "\"https://sts.fake.example.com/account\"", "\"https://sts.fake.example.com/account/\"", "\"none\"", "\"HS256\"",
        "\"RS256\"", "\"ES256\"", "\"sts-key-1\"", "\"../../etc/passwd\"", "\"spiffe://example.org/x\"", "\"%00\"",
    ];

    /// <summary>Bytes spliced into decoded segments: JSON syntax, escapes, and UTF-8 that is not valid.</summary>
    public static readonly byte[] Bytes = [0x00, 0xFF, 0xC0, 0xC3, 0xED, 0xA0, 0x80, 0xF4, 0x90, (byte)'"', (byte)'\\', (byte)'{',
        (byte)'}', (byte)'[', (byte)']', (byte)',', (byte)':', (byte)'u', (byte)'0', (byte)'9', (byte)'e', (byte)'-', (byte)' '];

    /// <summary>Text spliced into decoded segments.</summary>
    public static readonly string[] Snippets =
    [
        "\\ud800", "\\u0000", "1e999", "[[[[[[[[[[[[[[[[[[[[", "null", "\"alg\":\"none\",", "\"x\":", "\"iss\":\"a\",", ",,", "\"",
    ];

    /// <summary>Text spliced into a form body as written (percent escapes that are bad, bad UTF-8 as escapes, separators).</summary>
    public static readonly string[] FormSnippets =
    [
        "%", "%G1", "%1", "%FF", "%C3%28", "%ED%A0%80", "%F4%90%80%80", "%00", "%0D%0A", "&&", "&", "=", "==", "+", "%2B",
        "%26", "%3D", ";", "\u00e9", "\u202e",
    ];

    /// <summary>Replacement parameter values.</summary>
    public static readonly string[] FormValues =
    [
        "", " ", "\t", "0", "-1", "1e3", "99999999999", "+60", "\u0663", "urn:ietf:params:oauth:token-type:jwt",
        "urn:ietf:params:oauth:token-type:id_token", "urn:bridge:params:oauth:token-type:x509-svid",
        "urn:ietf:params:oauth:token-type:access_token", "urn:ietf:params:oauth:grant-type:token-exchange",
        "spiffe://example.org/aws/123456789012/role/Fuzz", "spiffe://example.org/../x", "spiffe://EXAMPLE.org/a",
        "spiffe://example.org/%00", "spiffe://other.org/a", "ledger", "bridge", "\u00e9\u00e9", "a\r\nb",
        new string('x', 300), new string('y', 60 * 1024), new string('z', 70 * 1024),
    ];

    /// <summary>Parameter names added to a form.</summary>
    public static readonly string[] Names =
    [
        "scope", "actor_token", "actor_token_type", "client_id", "client_secret", "GRANT_TYPE", "grant_type ", "subject_token\0",
        "audience[]", "resource", "ttl", "csr", "requested_token_type", "audience", new string('n', 80),
    ];

    private static string Nested(char open, char close, int depth) => open == '{'
        ? string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)
        : new string(open, depth) + new string(close, depth);
}
