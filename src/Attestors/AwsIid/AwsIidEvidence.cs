using System.Text;
using System.Text.Json;

namespace Bridge.Attestors.AwsIid;

/// <summary>
/// The <c>aws_iid</c> evidence an agent sends: <c>{"rsa2048": "…", "document": "…"}</c>. <c>rsa2048</c> is the IMDS
/// <c>/latest/dynamic/instance-identity/rsa2048</c> value (base64 PKCS#7 SignedData without PEM armour; line breaks are
/// allowed); <c>document</c> is optional and, when sent, must equal the signed document byte for byte. The document is
/// always taken from inside the PKCS#7 (never from the separate copy), so a genuine signature cannot vouch for a forged
/// document (SPIRE's 2026 substitution fix).
/// </summary>
internal sealed class AwsIidEvidence
{
    /// <summary>
    /// The largest payload read. A real <c>rsa2048</c> value is about 2.5 KiB and a document under 1 KiB, so 16 KiB leaves
    /// room without letting a caller make the service decode megabytes of base64 and ASN.1.
    /// </summary>
    public const int MaxPayloadBytes = 16 * 1024;

    private const string Rsa2048Member = "rsa2048";
    private const string DocumentMember = "document";

    private AwsIidEvidence(byte[] signedData, byte[]? document)
    {
        SignedData = signedData;
        Document = document;
    }

    /// <summary>The DER-encoded PKCS#7 SignedData.</summary>
    public byte[] SignedData { get; }

    /// <summary>The separately sent document as UTF-8 bytes, or null.</summary>
    public byte[]? Document { get; }

    /// <summary>
    /// Reads the payload. Anything but a single JSON object with a string <c>rsa2048</c> holding base64 and at most a
    /// string <c>document</c> — unknown or repeated members, other types, trailing data, too large — is refused.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out AwsIidEvidence? evidence, out string problem)
    {
        evidence = null;
        if (payload.Length > MaxPayloadBytes)
        {
            problem = $"the payload is larger than {MaxPayloadBytes} bytes";
            return false;
        }

        try
        {
            return TryReadObject(payload, out evidence, out problem);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            problem = "the payload is not a valid aws_iid evidence object";
            return false;
        }
    }

    private static bool TryReadObject(ReadOnlySpan<byte> payload, out AwsIidEvidence? evidence, out string problem)
    {
        evidence = null;
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 4 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            problem = "the payload is not a JSON object";
            return false;
        }

        string? rsa2048 = null;
        string? document = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isRsa2048 = reader.ValueTextEquals(Rsa2048Member);
            var isDocument = !isRsa2048 && reader.ValueTextEquals(DocumentMember);
            if (!isRsa2048 && !isDocument)
            {
                problem = "the payload has an unknown member";
                return false;
            }

            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                problem = $"'{(isRsa2048 ? Rsa2048Member : DocumentMember)}' is not a string";
                return false;
            }

            if ((isRsa2048 && rsa2048 is not null) || (isDocument && document is not null))
            {
                problem = "the payload repeats a member";
                return false;
            }

            if (isRsa2048)
            {
                rsa2048 = reader.GetString();
            }
            else
            {
                document = reader.GetString();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            problem = "the payload is not a single JSON object";
            return false;
        }

        if (string.IsNullOrEmpty(rsa2048))
        {
            problem = "'rsa2048' is missing";
            return false;
        }

        // IMDS breaks the base64 into lines; FromBase64String skips the white space.
        var signedData = Convert.FromBase64String(rsa2048);
        evidence = new AwsIidEvidence(signedData, document is null ? null : Encoding.UTF8.GetBytes(document));
        problem = string.Empty;
        return true;
    }
}
