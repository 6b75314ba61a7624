using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Nodes;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Local.Nodes;

/// <summary>
/// The JSON form of node records, shared by <see cref="FileNodeStore"/>'s file and <c>bridge agent --json</c>:
/// <c>{ "nodes": [ { "agent_id", "attestor", "attestation_fingerprint", "selectors", ... } ] }</c>, times in RFC 3339
/// UTC to the tick. Written and read without reflection (the service is Native AOT). Reading is strict: an unknown or
/// missing field, a duplicate agent ID or a record <see cref="NodeRecords.ThrowIfInvalid"/> refuses fails the whole
/// document, because a store that dropped what it cannot read would silently lift bans.
/// </summary>
public static class NodeRecordJson
{
    /// <summary>Serializes <paramref name="nodes"/> as the document, indented, ending with a newline.</summary>
    public static byte[] Serialize(IEnumerable<NodeRecord> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = CreateWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray(FieldNames.Nodes);
            foreach (var node in nodes)
            {
                writer.WriteStartObject();
                WriteProperties(writer, node);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return [.. buffer.WrittenSpan, (byte)'\n'];
    }

    /// <summary>A writer with the document's settings (indented, no HTML escaping: the text is read by people and tools).</summary>
    public static Utf8JsonWriter CreateWriter(IBufferWriter<byte> buffer) => new(buffer, new JsonWriterOptions
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>Writes the fields of <paramref name="node"/> into the object <paramref name="writer"/> has open.</summary>
    public static void WriteProperties(Utf8JsonWriter writer, NodeRecord node)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(node);
        writer.WriteString(FieldNames.AgentId, node.AgentId.ToString());
        writer.WriteString(FieldNames.Attestor, node.AttestorName);
        writer.WriteString(FieldNames.Fingerprint, node.AttestationFingerprint);
        writer.WriteStartArray(FieldNames.Selectors);
        foreach (var selector in node.Selectors)
        {
            writer.WriteStringValue(selector.ToString());
        }

        writer.WriteEndArray();
        if (node.EvidenceIssuedAt is { } evidence)
        {
            writer.WriteString(FieldNames.EvidenceIssuedAt, FormatTime(evidence));
        }

        writer.WriteString(FieldNames.FirstAttestedAt, FormatTime(node.FirstAttestedAt));
        writer.WriteString(FieldNames.LastAttestedAt, FormatTime(node.LastAttestedAt));
        writer.WriteString(FieldNames.SvidSerialNumber, node.SvidSerialNumber);
        if (node.PendingSvidSerialNumber is not null)
        {
            writer.WriteString(FieldNames.PendingSvidSerialNumber, node.PendingSvidSerialNumber);
        }

        writer.WriteString(FieldNames.SvidExpiresAt, FormatTime(node.SvidExpiresAt));
        writer.WriteBoolean(FieldNames.Banned, node.Banned);
        writer.WriteNumber(FieldNames.Revision, node.Revision);
    }

    /// <summary>Reads a document <see cref="Serialize"/> wrote.</summary>
    /// <exception cref="FormatException">The document is not valid; the message names the first problem and the record.</exception>
    public static IReadOnlyList<NodeRecord> Parse(ReadOnlyMemory<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException exception)
        {
            throw new FormatException($"it is not JSON ({exception.Message})", exception);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(FieldNames.Nodes, out var array)
                || array.ValueKind != JsonValueKind.Array || root.EnumerateObject().Count() != 1)
            {
                throw new FormatException($"it must be an object with the one field \"{FieldNames.Nodes}\", an array");
            }

            var nodes = new List<NodeRecord>(array.GetArrayLength());
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                var node = ReadNode(element, index);
                if (!seen.Add(node.AgentId.ToString()))
                {
                    throw new FormatException($"nodes[{index}]: agent ID {node.AgentId} appears twice");
                }

                nodes.Add(node);
                index++;
            }

            return nodes;
        }
    }

    private static NodeRecord ReadNode(JsonElement element, int index)
    {
        var at = $"nodes[{index}]";
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{at}: must be an object");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!FieldNames.All.Contains(property.Name))
            {
                throw new FormatException($"{at}: unknown field \"{property.Name}\"");
            }
        }

        NodeRecord node;
        try
        {
            node = new NodeRecord
            {
                AgentId = SpiffeId.TryParse(String(element, FieldNames.AgentId, at), out var agentId)
                    ? agentId
                    : throw new FormatException($"{at}: {FieldNames.AgentId} is not a SPIFFE ID"),
                AttestorName = String(element, FieldNames.Attestor, at),
                AttestationFingerprint = String(element, FieldNames.Fingerprint, at),
                Selectors = Selectors(element, at),
                EvidenceIssuedAt = element.TryGetProperty(FieldNames.EvidenceIssuedAt, out _) ? Time(element, FieldNames.EvidenceIssuedAt, at) : null,
                FirstAttestedAt = Time(element, FieldNames.FirstAttestedAt, at),
                LastAttestedAt = Time(element, FieldNames.LastAttestedAt, at),
                SvidSerialNumber = String(element, FieldNames.SvidSerialNumber, at),
                PendingSvidSerialNumber = element.TryGetProperty(FieldNames.PendingSvidSerialNumber, out _)
                    ? String(element, FieldNames.PendingSvidSerialNumber, at)
                    : null,
                SvidExpiresAt = Time(element, FieldNames.SvidExpiresAt, at),
                Banned = Required(element, FieldNames.Banned, at) is { ValueKind: JsonValueKind.True or JsonValueKind.False } banned
                    ? banned.GetBoolean()
                    : throw new FormatException($"{at}: {FieldNames.Banned} must be true or false"),
                Revision = Required(element, FieldNames.Revision, at).TryGetInt64(out var revision) && revision >= 1
                    ? revision
                    : throw new FormatException($"{at}: {FieldNames.Revision} must be a whole number of at least 1"),
            };
            NodeRecords.ThrowIfInvalid(node);
        }
        catch (ArgumentException exception)
        {
            throw new FormatException($"{at}: {exception.Message}", exception);
        }

        return node;
    }

    private static JsonElement Required(JsonElement element, string name, string at) =>
        element.TryGetProperty(name, out var value) ? value : throw new FormatException($"{at}: {name} is missing");

    private static string String(JsonElement element, string name, string at) =>
        Required(element, name, at) is { ValueKind: JsonValueKind.String } value
            ? value.GetString()!
            : throw new FormatException($"{at}: {name} must be a string");

    private static DateTimeOffset Time(JsonElement element, string name, string at) =>
        Required(element, name, at) is { ValueKind: JsonValueKind.String } value && value.TryGetDateTimeOffset(out var time)
            ? time
            : throw new FormatException($"{at}: {name} must be an RFC 3339 time");

    private static List<Selector> Selectors(JsonElement element, string at)
    {
        var array = Required(element, FieldNames.Selectors, at);
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{at}: {FieldNames.Selectors} must be an array");
        }

        return [.. array.EnumerateArray().Select(value =>
            value.ValueKind == JsonValueKind.String && Selector.TryParse(value.GetString(), out var selector)
                ? selector
                : throw new FormatException($"{at}: {FieldNames.Selectors} holds a value that is not a type:value selector"))];
    }

    // RFC 3339 in UTC to the tick; the fraction appears only when there is one.
    private static string FormatTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>The field names of the document.</summary>
    internal static class FieldNames
    {
        /// <summary>The array of records.</summary>
        public const string Nodes = "nodes";

        /// <summary><see cref="NodeRecord.AgentId"/>.</summary>
        public const string AgentId = "agent_id";

        /// <summary><see cref="NodeRecord.AttestorName"/>.</summary>
        public const string Attestor = "attestor";

        /// <summary><see cref="NodeRecord.AttestationFingerprint"/>.</summary>
        public const string Fingerprint = "attestation_fingerprint";

        /// <summary><see cref="NodeRecord.Selectors"/>.</summary>
        public const string Selectors = "selectors";

        /// <summary><see cref="NodeRecord.EvidenceIssuedAt"/>; absent when unknown.</summary>
        public const string EvidenceIssuedAt = "evidence_issued_at";

        /// <summary><see cref="NodeRecord.FirstAttestedAt"/>.</summary>
        public const string FirstAttestedAt = "first_attested_at";

        /// <summary><see cref="NodeRecord.LastAttestedAt"/>.</summary>
        public const string LastAttestedAt = "last_attested_at";

        /// <summary><see cref="NodeRecord.SvidSerialNumber"/>.</summary>
        public const string SvidSerialNumber = "svid_serial_number";

        /// <summary><see cref="NodeRecord.PendingSvidSerialNumber"/>; absent when none.</summary>
        public const string PendingSvidSerialNumber = "pending_svid_serial_number";

        /// <summary><see cref="NodeRecord.SvidExpiresAt"/>.</summary>
        public const string SvidExpiresAt = "svid_expires_at";

        /// <summary><see cref="NodeRecord.Banned"/>.</summary>
        public const string Banned = "banned";

        /// <summary><see cref="NodeRecord.Revision"/>.</summary>
        public const string Revision = "revision";

        internal static readonly HashSet<string> All = new(StringComparer.Ordinal)
        {
            AgentId, Attestor, Fingerprint, Selectors, EvidenceIssuedAt, FirstAttestedAt, LastAttestedAt,
            SvidSerialNumber, PendingSvidSerialNumber, SvidExpiresAt, Banned, Revision,
        };
    }
}
