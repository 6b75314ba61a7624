using System.Text.Json;
using System.Text.Unicode;

namespace Bridge.Spiffe.Internal;

/// <summary>The outcome of <see cref="StrictJson.TryParse"/> when it fails.</summary>
internal enum JsonParseFailure
{
    None,
    Malformed,
    DuplicateMember,
}

/// <summary>
/// JSON parsing for security-relevant documents: duplicate member names are rejected because two parsers may pick
/// different values for them (RFC 7515 §5.2, RFC 8725 §3.1), and nesting depth is bounded.
/// </summary>
internal static class StrictJson
{
    private const int MaxDepth = 32;

    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = MaxDepth };
    private static readonly JsonDocumentOptions Lenient = new() { MaxDepth = MaxDepth };

    /// <summary>Parses <paramref name="utf8"/>; the memory must outlive the returned document.</summary>
    public static JsonDocument? TryParse(ReadOnlyMemory<byte> utf8, out JsonParseFailure failure)
    {
        // JsonDocument does not validate UTF-8 inside strings until GetString() throws on it; check it up front.
        if (!Utf8.IsValid(utf8.Span))
        {
            failure = JsonParseFailure.Malformed;
            return null;
        }

        try
        {
            failure = JsonParseFailure.None;
            return JsonDocument.Parse(utf8, Strict);
        }
        catch (JsonException)
        {
            failure = IsWellFormedIgnoringDuplicates(utf8) ? JsonParseFailure.DuplicateMember : JsonParseFailure.Malformed;
            return null;
        }
    }

    // Only reached on failure: a second, lenient parse tells a duplicate member apart from broken JSON, so the
    // caller can say which rule was broken.
    private static bool IsWellFormedIgnoringDuplicates(ReadOnlyMemory<byte> utf8)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8, Lenient);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
