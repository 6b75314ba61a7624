using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Bridge.Authority.Registration;
using Bridge.Cli.Output;
using Spectre.Console;

namespace Bridge.Cli.Entries;

/// <summary><c>bridge entry explain</c> output: the caller's facts, then each matching or nearly matching entry and why not.</summary>
internal static class EntryExplanationRendering
{
    public static void WriteTable(IAnsiConsole console, CallerFacts caller, IReadOnlyList<EntryMatchExplanation> shown, int hidden)
    {
        console.MarkupLine(caller.FromToken
            ? $"[bold]Caller[/] (verified token): attestor {Markup.Escape(caller.Attestor)}, issuer {Markup.Escape(caller.Issuer!)}, subject {Markup.Escape(caller.Subject!)}"
            : $"[bold]Caller[/] (selectors as given, not verified): attestor {Markup.Escape(caller.Attestor)}");
        var facts = new Grid().AddColumn().AddColumn();
        facts.AddRow("  parent", Markup.Escape(caller.ParentId.ToString()));
        facts.AddRow("  selectors", Markup.Escape(caller.Selectors.Count == 0 ? "(none)" : string.Join("\n", caller.Selectors)));
        facts.AddRow("  template values", Markup.Escape(caller.TemplateValues is { } values
            ? values.Count == 0 ? "(none)" : string.Join("\n", values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"))
            : "(unknown without a token: templates are not checked)"));
        console.Write(facts);

        if (shown.Count > 0)
        {
            IReadOnlyList<IReadOnlyList<WrappedText>> rows = [.. shown.Select(explanation => (IReadOnlyList<WrappedText>)
            [
                new(explanation.Entry.Id),
                explanation.GivesIdentity ? new("matches", new Style(Color.Green)) : new("near miss", new Style(Color.Yellow)),
                new(explanation.RenderedId?.ToString() ?? explanation.Entry.SpiffeId),
                new(explanation.Reasons.Count == 0 ? "-" : string.Join("\n", explanation.Reasons)),
            ])];
            console.Write(FittedTable.Create(null, ["Entry", "Result", "SPIFFE ID", "Why not"], rows, console.Profile.Width));
        }

        console.MarkupLine(Markup.Escape(Summary(shown, hidden)));
    }

    public static void WriteJson(IAnsiConsole console, CallerFacts caller, IReadOnlyList<EntryMatchExplanation> shown, int hidden)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var options = new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("caller");
            writer.WriteBoolean("verified", caller.FromToken);
            writer.WriteString("attestor", caller.Attestor);
            writer.WriteString("issuer", caller.Issuer);
            writer.WriteString("subject", caller.Subject);
            writer.WriteString("parent_id", caller.ParentId.ToString());
            Strings(writer, "selectors", caller.Selectors.Select(s => s.ToString()));
            if (caller.TemplateValues is { } values)
            {
                writer.WriteStartObject("template_values");
                foreach (var (name, value) in values.OrderBy(v => v.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(name, value);
                }

                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull("template_values");
            }

            writer.WriteEndObject();
            writer.WriteStartArray("entries");
            foreach (var explanation in shown)
            {
                writer.WriteStartObject();
                writer.WriteString("id", explanation.Entry.Id);
                writer.WriteString("spiffe_id", explanation.Entry.SpiffeId);
                writer.WriteString("rendered_spiffe_id", explanation.RenderedId?.ToString());
                writer.WriteBoolean("matches", explanation.GivesIdentity);
                writer.WriteBoolean("parent_matches", explanation.ParentMatches);
                Strings(writer, "missing_selectors", explanation.MissingSelectors.Select(s => s.ToString()));
                Strings(writer, "reasons", explanation.Reasons);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("not_shown", hidden);
            writer.WriteString("summary", Summary(shown, hidden));
            writer.WriteEndObject();
        }

        // Written raw: Spectre would treat brackets in the JSON as markup.
        console.Profile.Out.Writer.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static string Summary(IReadOnlyList<EntryMatchExplanation> shown, int hidden)
    {
        var matching = shown.Where(e => e.GivesIdentity).ToArray();
        var verdict = matching.Length switch
        {
            0 => "No entry gives this caller an identity: the exchange refuses it as not registered.",
            1 => $"Entry {matching[0].Entry.Id} gives this caller {matching[0].RenderedId?.ToString() ?? matching[0].Entry.SpiffeId}.",
            _ => $"{matching.Length} entries give this caller an identity: it must name one with the resource parameter.",
        };
        return hidden == 0
            ? verdict
            : verdict + $" {hidden.ToString(CultureInfo.InvariantCulture)} other entries share neither its parent nor a selector (not shown).";
    }

    private static void Strings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
