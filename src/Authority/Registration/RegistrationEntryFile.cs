using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Files;

namespace Bridge.Authority.Registration;

/// <summary>
/// The registration file format (docs/registration.md): a snake_case JSON object
/// <c>{ "entries": [ { "id", "spiffe_id", "parent_id", "selectors", ... } ] }</c> with TTLs in whole seconds and
/// <c>expires_at</c> in RFC 3339. Used by the JSON file registration store (Bridge.Authority.Local) and by <c>bridge entry validate</c>.
/// </summary>
public static class RegistrationEntryFile
{
    /// <summary>
    /// Reads and validates a registration file, reporting every problem at once: JSON syntax (with its line), unknown
    /// or duplicate members, wrong types, duplicate entry ids, and every validator error of every entry.
    /// </summary>
    public static RegistrationEntryFileParseResult Parse(string json, RegistrationEntryValidator validator)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(validator);
        return RegistrationEntryFileReader.Read(Encoding.UTF8.GetBytes(json.TrimStart('\uFEFF')), validator);
    }

    /// <summary>As <see cref="Parse"/>, from UTF-8 bytes (a leading byte order mark is ignored).</summary>
    public static RegistrationEntryFileParseResult ParseUtf8(ReadOnlySpan<byte> utf8Json, RegistrationEntryValidator validator)
    {
        ArgumentNullException.ThrowIfNull(validator);
        return RegistrationEntryFileReader.Read(
            utf8Json.StartsWith(Encoding.UTF8.Preamble) ? utf8Json[Encoding.UTF8.Preamble.Length..] : utf8Json,
            validator);
    }

    /// <summary>
    /// Writes entries in the file format, indented with two spaces and '\n' line ends, fields in a fixed order and
    /// unset optional fields left out, so that the file stays readable and diffs stay small.
    /// </summary>
    public static string Serialize(IEnumerable<RegistrationEntry> entries) => Encoding.UTF8.GetString(SerializeToUtf8(entries));

    /// <summary>
    /// Writes <paramref name="entries"/> to <paramref name="path"/> as <see cref="Serialize"/> does, owner-only (mode 0600
    /// whatever the umask) and atomically (a temporary file, flushed, renamed into place), so readers see the old file
    /// or the new one and the service's load check (no group or other write) passes.
    /// </summary>
    /// <exception cref="IOException">The file cannot be written or replaced.</exception>
    public static void Write(string path, IEnumerable<RegistrationEntry> entries)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        OwnerOnlyFiles.WriteAtomically(Path.GetDirectoryName(fullPath)!, Path.GetFileName(fullPath), fullPath, [], SerializeToUtf8(entries));
    }

    internal static byte[] SerializeToUtf8(IEnumerable<RegistrationEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var buffer = new ArrayBufferWriter<byte>();
        var options = new JsonWriterOptions
        {
            Indented = true,
            IndentSize = 2,
            NewLine = "\n",
            // The file is configuration read by people and tools, never embedded in HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("entries");
            foreach (var entry in entries)
            {
                WriteEntry(writer, entry);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return [.. buffer.WrittenSpan, (byte)'\n'];
    }

    private static void WriteEntry(Utf8JsonWriter writer, RegistrationEntry entry)
    {
        writer.WriteStartObject();
        writer.WriteString(FieldNames.Id, entry.Id);
        writer.WriteString(FieldNames.SpiffeId, entry.SpiffeId);
        writer.WriteString(FieldNames.ParentId, entry.ParentId.ToString());
        writer.WriteStartArray(FieldNames.Selectors);
        foreach (var selector in entry.Selectors)
        {
            writer.WriteStringValue(selector.ToString());
        }

        writer.WriteEndArray();
        if (entry.X509SvidTtl is { } x509Ttl)
        {
            writer.WriteNumber(FieldNames.X509SvidTtl, (long)x509Ttl.TotalSeconds);
        }

        if (entry.JwtSvidTtl is { } jwtTtl)
        {
            writer.WriteNumber(FieldNames.JwtSvidTtl, (long)jwtTtl.TotalSeconds);
        }

        WriteStrings(writer, FieldNames.Audiences, entry.Audiences);
        WriteStrings(writer, FieldNames.DnsNames, entry.DnsNames);
        if (entry.Hint is not null)
        {
            writer.WriteString(FieldNames.Hint, entry.Hint);
        }

        if (entry.ExpiresAt is { } expiresAt)
        {
            writer.WriteString(FieldNames.ExpiresAt, FormatTimestamp(expiresAt));
        }

        writer.WriteNumber(FieldNames.Revision, entry.Revision);
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string>? values)
    {
        if (values is null || values.Count == 0)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    // RFC 3339 in UTC; the fraction appears only when there is one ('F' drops trailing zeros and a bare '.').
    internal static string FormatTimestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    internal static class FieldNames
    {
        public const string Entries = "entries";
        public const string Id = "id";
        public const string SpiffeId = "spiffe_id";
        public const string ParentId = "parent_id";
        public const string Selectors = "selectors";
        public const string X509SvidTtl = "x509_svid_ttl";
        public const string JwtSvidTtl = "jwt_svid_ttl";
        public const string Audiences = "audiences";
        public const string DnsNames = "dns_names";
        public const string Hint = "hint";
        public const string ExpiresAt = "expires_at";
        public const string Revision = "revision";
    }
}
