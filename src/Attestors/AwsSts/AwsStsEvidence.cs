using System.Text.Json;

namespace Bridge.Attestors.AwsSts;

/// <summary>
/// The <c>aws_sts</c> evidence an agent sends: <c>{"token": "&lt;STS GetWebIdentityToken JWT&gt;"}</c>. Anything but
/// one JSON object with exactly that string member (unknown or repeated members, other types, trailing data, too
/// large) is refused.
/// </summary>
internal static class AwsStsEvidence
{
    /// <summary>The largest payload read: the OIDC attestor's largest token (16 KiB) and the JSON around it.</summary>
    public const int MaxPayloadBytes = 17 * 1024;

    private const string TokenMember = "token";

    public static bool TryRead(ReadOnlySpan<byte> payload, out string token, out string problem)
    {
        token = string.Empty;
        if (payload.Length > MaxPayloadBytes)
        {
            problem = $"the payload is larger than {MaxPayloadBytes} bytes";
            return false;
        }

        try
        {
            return TryReadObject(payload, out token, out problem);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            problem = "the payload is not a valid aws_sts evidence object";
            return false;
        }
    }

    private static bool TryReadObject(ReadOnlySpan<byte> payload, out string token, out string problem)
    {
        token = string.Empty;
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 4 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            problem = "the payload is not a JSON object";
            return false;
        }

        string? value = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals(TokenMember))
            {
                problem = "the payload has an unknown member";
                return false;
            }

            if (value is not null)
            {
                problem = "the payload repeats a member";
                return false;
            }

            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                problem = "'token' is not a string";
                return false;
            }

            value = reader.GetString();
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            problem = "the payload is not a single JSON object";
            return false;
        }

        if (string.IsNullOrEmpty(value))
        {
            problem = "'token' is missing";
            return false;
        }

        token = value;
        problem = string.Empty;
        return true;
    }
}
