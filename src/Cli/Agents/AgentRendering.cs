using System.Buffers;
using System.Globalization;
using Bridge.Abstractions.Nodes;
using Bridge.Authority.Local.Nodes;
using Bridge.Cli.Output;
using Spectre.Console;

namespace Bridge.Cli.Agents;

/// <summary>
/// How <c>bridge agent</c> shows node records: a table for people, or (with <c>--json</c>) the node record file's
/// fields plus the <c>status</c> the command judged (<c>active</c>, <c>stale</c> or <c>banned</c>).
/// </summary>
internal static class AgentRendering
{
    /// <summary>The status of <paramref name="node"/> at <paramref name="now"/>: banned, stale (past its SVID plus the grace) or active.</summary>
    public static string Status(NodeRecord node, DateTimeOffset now, TimeSpan expiryGrace) =>
        node.Banned ? "banned" : NodeRecords.IsStale(node, now, expiryGrace) ? "stale" : "active";

    public static void WriteList(IAnsiConsole console, IReadOnlyList<NodeRecord> nodes, Func<NodeRecord, string> status, bool json)
    {
        if (json)
        {
            WriteJson(console, writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("nodes");
                foreach (var node in nodes)
                {
                    WriteNode(writer, node, status(node));
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });
            return;
        }

        IReadOnlyList<IReadOnlyList<WrappedText>> rows = [.. nodes.Select(node => (IReadOnlyList<WrappedText>)
        [
            new(node.AgentId.ToString()),
            new(node.AttestorName),
            new(Time(node.FirstAttestedAt)),
            new(Time(node.LastAttestedAt)),
            new(Time(node.SvidExpiresAt)),
            new(status(node)),
        ])];
        console.Write(FittedTable.Create(
            null, ["Agent ID", "Attestor", "First attested", "Last attested", "SVID expires", "Status"], rows, console.Profile.Width));
    }

    public static void WriteOne(IAnsiConsole console, NodeRecord node, string status, TimeSpan expiryGrace, bool json)
    {
        if (json)
        {
            WriteJson(console, writer => WriteNode(writer, node, status));
            return;
        }

        IReadOnlyList<(string Field, string Value)> fields =
        [
            ("Agent ID", node.AgentId.ToString()),
            ("Status", status),
            ("Attestor", node.AttestorName),
            ("Attestation fingerprint", node.AttestationFingerprint),
            ("Selectors", node.Selectors.Count == 0 ? "(none)" : string.Join("\n", node.Selectors)),
            ("Evidence issued", node.EvidenceIssuedAt is { } evidence ? Time(evidence) : "(unknown)"),
            ("First attested", Time(node.FirstAttestedAt)),
            ("Last attested", Time(node.LastAttestedAt)),
            ("SVID serial", node.SvidSerialNumber),
            ("Pending SVID serial", node.PendingSvidSerialNumber ?? "(none)"),
            ("SVID expires", Time(node.SvidExpiresAt)),
            ("Stale from", node.Banned ? "never (banned)" : Time(node.SvidExpiresAt + expiryGrace)),
            ("Revision", node.Revision.ToString(CultureInfo.InvariantCulture)),
        ];
        console.Write(FittedTable.Create(
            null, ["Field", "Value"], [.. fields.Select(f => (IReadOnlyList<WrappedText>)[new(f.Field), new(f.Value)])], console.Profile.Width));
    }

    private static void WriteNode(System.Text.Json.Utf8JsonWriter writer, NodeRecord node, string status)
    {
        writer.WriteStartObject();
        NodeRecordJson.WriteProperties(writer, node);
        writer.WriteString("status", status);
        writer.WriteEndObject();
    }

    private static void WriteJson(IAnsiConsole console, Action<System.Text.Json.Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = NodeRecordJson.CreateWriter(buffer))
        {
            write(writer);
        }

        // Written raw: Spectre would treat brackets in the JSON as markup.
        console.Profile.Out.Writer.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static string Time(DateTimeOffset value) => value.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture);
}
