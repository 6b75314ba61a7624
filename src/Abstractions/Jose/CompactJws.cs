using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Bridge.Abstractions.Attestation;

namespace Bridge.Abstractions.Jose;

/// <summary>
/// The structural pre-checks run before any key lookup or cryptography: size, compact JWS shape, strict base64url,
/// JSON objects without duplicate members whose every name and string is valid text, no forbidden header parameters. Nothing here is trusted yet; the unverified
/// <c>iss</c> is used only to choose which configured issuer validates the token. Shared by the OIDC attestor and the
/// agent API's proof-of-possession assertions, so both refuse the same malformed shapes.
/// </summary>
public sealed class CompactJws : IDisposable
{
    // Header parameters that point at or embed keys, or change how the token is processed; never followed.
    private static readonly string[] ForbiddenHeaderParameters = ["jku", "x5u", "jwk", "x5c", "crit", "zip", "enc"];

    // An agent assertion carries its SVID chain in x5c; the chain is verified against Bridge's own bundle, never trusted.
    private static readonly string[] ForbiddenHeaderParametersWithChain = ["jku", "x5u", "jwk", "crit", "zip", "enc"];

    private const int MaxJsonDepth = 16;

    private CompactJws(JsonDocument header, JsonDocument payload, string algorithm, string? keyId, string? issuer)
    {
        Header = header;
        Payload = payload;
        Algorithm = algorithm;
        KeyId = keyId;
        Issuer = issuer;
    }

    /// <summary>The decoded header. Untrusted until the signature verifies.</summary>
    public JsonDocument Header { get; }

    /// <summary>The decoded payload. After the signature verifies, these are exactly the signed claims.</summary>
    public JsonDocument Payload { get; }

    /// <summary>The <c>alg</c> header value (unverified; callers check it against their own allow-list).</summary>
    public string Algorithm { get; }

    /// <summary>The <c>kid</c> header value, or null when absent.</summary>
    public string? KeyId { get; }

    /// <summary>The unverified <c>iss</c>, or null when absent.</summary>
    public string? Issuer { get; }

    /// <summary>
    /// Parses <paramref name="token"/> without verifying it. A header with <c>x5c</c> is refused unless
    /// <paramref name="allowCertificateChain"/> is set, by a caller that verifies the chain against its own roots.
    /// </summary>
    public static bool TryParse(
        string? token,
        int maxTokenSize,
        [NotNullWhen(true)] out CompactJws? jws,
        out AttestationFailureKind failure,
        out string? detail,
        bool allowCertificateChain = false)
    {
        jws = null;
        failure = AttestationFailureKind.Malformed;
        if (string.IsNullOrEmpty(token))
        {
            detail = "empty token";
            return false;
        }

        if (token.Length > maxTokenSize)
        {
            detail = "token larger than the configured maximum";
            return false;
        }

        var dots = 0;
        foreach (var c in token)
        {
            if (c == '.')
            {
                dots++;
            }
            else if (!IsBase64UrlChar(c))
            {
                detail = "token is not compact-serialised base64url";
                return false;
            }
        }

        if (dots != 2)
        {
            detail = dots == 4 ? "JWE (five-part) tokens are not accepted" : "token is not a three-part compact JWS";
            return false;
        }

        var first = token.IndexOf('.', StringComparison.Ordinal);
        var second = token.IndexOf('.', first + 1);
        var headerDocument = ParseObject(token.AsSpan(0, first));
        if (headerDocument is null)
        {
            detail = "header is not a JSON object of valid text without duplicate members";
            return false;
        }

        var payloadDocument = ParseObject(token.AsSpan(first + 1, second - first - 1));
        if (payloadDocument is null)
        {
            headerDocument.Dispose();
            detail = "payload is not a JSON object of valid text without duplicate members";
            return false;
        }

        if (!TryReadHeader(headerDocument.RootElement, allowCertificateChain, out var algorithm, out var keyId, out detail)
            || !TryReadIssuer(payloadDocument.RootElement, out var issuer, out detail))
        {
            headerDocument.Dispose();
            payloadDocument.Dispose();
            return false;
        }

        jws = new CompactJws(headerDocument, payloadDocument, algorithm, keyId, issuer);
        failure = AttestationFailureKind.None;
        return true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Header.Dispose();
        Payload.Dispose();
    }

    private static bool TryReadHeader(
        JsonElement header, bool allowCertificateChain, [NotNullWhen(true)] out string? algorithm, out string? keyId, out string? detail)
    {
        algorithm = null;
        keyId = null;
        foreach (var name in allowCertificateChain ? ForbiddenHeaderParametersWithChain : ForbiddenHeaderParameters)
        {
            if (header.TryGetProperty(name, out _))
            {
                detail = $"forbidden header parameter '{name}'";
                return false;
            }
        }

        if (!header.TryGetProperty("alg", out var alg) || alg.ValueKind != JsonValueKind.String || alg.GetString() is not { Length: > 0 } algValue)
        {
            detail = "header has no 'alg' string";
            return false;
        }

        if (header.TryGetProperty("kid", out var kid))
        {
            if (kid.ValueKind != JsonValueKind.String)
            {
                detail = "header 'kid' is not a string";
                return false;
            }

            keyId = kid.GetString();
        }

        algorithm = algValue;
        detail = null;
        return true;
    }

    private static bool TryReadIssuer(JsonElement payload, out string? issuer, out string? detail)
    {
        issuer = null;
        detail = null;
        if (!payload.TryGetProperty("iss", out var iss))
        {
            return true;
        }

        if (iss.ValueKind != JsonValueKind.String)
        {
            detail = "'iss' is not a string";
            return false;
        }

        issuer = iss.GetString();
        return true;
    }

    private static JsonDocument? ParseObject(ReadOnlySpan<char> segment)
    {
        // A length of 4n+1 is never valid base64url (and makes the decoder throw rather than return false).
        if (segment.IsEmpty || segment.Length % 4 == 1)
        {
            return null;
        }

        var buffer = new byte[Base64Url.GetMaxDecodedLength(segment.Length)];
        int written;
        try
        {
            if (!Base64Url.TryDecodeFromChars(segment, buffer, out written))
            {
                return null;
            }
        }
        catch (FormatException)
        {
            return null;
        }

        var json = buffer.AsMemory(0, written);
        if (!IsObjectWithoutDuplicateMembers(json.Span))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxJsonDepth });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsObjectWithoutDuplicateMembers(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxJsonDepth });
        // One set of member names per open object; null for arrays.
        var scopes = new Stack<HashSet<string>?>();
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            scopes.Push(new HashSet<string>(StringComparer.Ordinal));
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        scopes.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.StartArray:
                        scopes.Push(null);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        scopes.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        // GetString also refuses a name that is not text (see the String case).
                        if (scopes.Peek() is { } names && !names.Add(reader.GetString()!))
                        {
                            return false;
                        }

                        break;
                    case JsonTokenType.String:
                        // JSON allows a lone escaped surrogate ("\ud800") and the reader lets bytes that are not UTF-8
                        // through, but neither has a .NET string: JsonElement.GetString() would throw wherever a claim
                        // is read. Refusing the whole document here makes every later read of it safe.
                        if (!IsText(ref reader))
                        {
                            return false;
                        }

                        break;
                    default:
                        break;
                }
            }

            return scopes.Count == 0 && reader.BytesConsumed == json.Length;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsText(ref Utf8JsonReader reader)
    {
        // Most strings carry no escapes: checking their bytes is enough and allocates nothing. An escaped one is decoded,
        // since only decoding tells whether its escapes form valid UTF-16 (a lone "\ud800" does not).
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return System.Text.Unicode.Utf8.IsValid(reader.ValueSpan);
        }

        try
        {
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsBase64UrlChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_';
}
