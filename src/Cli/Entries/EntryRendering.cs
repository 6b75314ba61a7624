using Bridge.Abstractions.Registration;
using Bridge.Authority.Registration;
using Bridge.Cli.Output;
using Spectre.Console;

namespace Bridge.Cli.Entries;

/// <summary>
/// How <c>bridge entry</c> shows entries: a table for people, or (with <c>--json</c>) the registration file format, so
/// that <c>bridge entry list --json</c> output can be edited and fed back to <c>bridge entry import</c>.
/// </summary>
internal static class EntryRendering
{
    private const string NotApplicable = "n/a (node set)";

    public static void Write(IAnsiConsole console, IReadOnlyList<RegistrationEntry> entries, bool json)
    {
        if (json)
        {
            // Written raw: Spectre would treat brackets in the JSON as markup.
            console.Profile.Out.Writer.Write(RegistrationEntryFile.Serialize(entries));
            return;
        }

        IReadOnlyList<IReadOnlyList<WrappedText>> rows = [.. entries.Select(entry => (IReadOnlyList<WrappedText>)
        [
            new(entry.Id),
            new(entry.SpiffeId),
            new(Parent(entry)),
            new(string.Join("\n", entry.Selectors)),
            new(IsDefinition(entry) ? NotApplicable : entry.Audiences.Count == 0 ? "(no JWT-SVIDs)" : string.Join("\n", entry.Audiences)),
            new(IsDefinition(entry) ? NotApplicable : $"{Ttl(entry.X509SvidTtl)} / {Ttl(entry.JwtSvidTtl)}"),
            new(entry.ExpiresAt is { } expiresAt ? expiresAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "never"),
            new(entry.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ])];
        console.Write(FittedTable.Create(
            null, ["Entry", "SPIFFE ID", "Parent", "Selectors", "Audiences", "TTL (X.509 / JWT)", "Expires", "Rev"], rows, console.Profile.Width));
    }

    public static void WriteErrors(IAnsiConsole console, string heading, IEnumerable<string> errors)
    {
        console.MarkupLine($"[red]{Markup.Escape(heading)}[/]");
        foreach (var error in errors)
        {
            console.MarkupLine($"  [red]•[/] {Markup.Escape(error)}");
        }
    }

    /// <summary>Writes each warning as a <c>warning: …</c> line, plain text (stderr is often a log).</summary>
    public static void WriteWarnings(TextWriter warnings, IEnumerable<string> messages)
    {
        foreach (var message in messages)
        {
            warnings.WriteLine("warning: " + message);
        }
    }

    /// <summary>
    /// The parent as people read it: a node set by its name, a definition as what it defines; attestor and agent IDs
    /// in full (they are what the service compares and what a person copies).
    /// </summary>
    internal static string Parent(RegistrationEntry entry)
    {
        switch (EntryParentKinds.Of(entry.ParentId))
        {
            case EntryParentKind.NodeSet when BridgeIds.TryGetNodeSetName(entry.ParentId, out var name):
                return $"node set {name}";
            case EntryParentKind.Server when Spiffe.Id.SpiffeId.TryParse(entry.SpiffeId, out var id) && BridgeIds.TryGetNodeSetName(id, out var defined):
                return $"(defines node set {defined})";
            default:
                return entry.ParentId.ToString();
        }
    }

    private static bool IsDefinition(RegistrationEntry entry) => EntryParentKinds.Of(entry.ParentId) == EntryParentKind.Server;

    private static string Ttl(TimeSpan? ttl) => ttl is { } value ? DurationText.Format(value) : "default";
}
