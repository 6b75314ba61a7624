using System.Globalization;
using Bridge.Authority.Ca.Rotation;
using Bridge.Authority.Rotation;
using Spectre.Console;

namespace Bridge.Cli.Authority;

/// <summary>Tables for <c>bridge ca show</c> and <c>bridge ca rotate</c>.</summary>
internal static class AuthorityRendering
{
    public static void WriteJwtKeys(IAnsiConsole console, JwtKeySetDescription keys)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"JWT signing keys (state revision {keys.Revision})")
            .AddColumns("Slot", "Status", "kid", "Type", "Published", "Prepared", "Activated", "Retired", "Published until");
        foreach (var slot in keys.Slots)
        {
            table.AddRow(
                Markup.Escape(slot.SlotId),
                slot.Status.ToString(),
                Markup.Escape(slot.KeyId ?? "-"),
                slot.KeyType.ToString(),
                slot.Published ? "yes" : "no",
                Time(slot.PreparedAt),
                Time(slot.ActivatedAt),
                Time(slot.RetiredAt),
                Time(slot.PublishUntil));
        }

        console.Write(table);
        console.MarkupLine($"Next JWT key step due at {Time(keys.NextStepAt)}.");
    }

    public static void WriteCas(IAnsiConsole console, X509CaDescription cas)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"X.509 intermediate CAs (state revision {cas.Revision})")
            .AddColumns("Slot", "Status", "Serial", "Not before", "Not after", "Activated", "Issuer", "Upstream root (SHA-256)");
        foreach (var slot in cas.Slots)
        {
            table.AddRow(
                Markup.Escape(slot.SlotId),
                slot.Status.ToString(),
                Markup.Escape(slot.SerialNumber ?? "-"),
                Time(slot.NotBefore),
                Time(slot.NotAfter),
                Time(slot.ActivatedAt),
                Markup.Escape(slot.Issuer ?? "-"),
                Markup.Escape(string.Join("\n", slot.UpstreamRootFingerprints.Select(f => f.Length > 16 ? f[..16] + "…" : f))));
        }

        console.Write(table);
    }

    public static void WriteRotation(IAnsiConsole console, RotationReport jwt, X509CaRotationResult x509)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("Rotation step").AddColumns("Part", "What happened", "Slot");
        foreach (var step in jwt.Steps)
        {
            table.AddRow("JWT keys", step.Kind.ToString(), Markup.Escape(step.SlotId));
        }

        if (x509.MintedSlotId is { } minted)
        {
            table.AddRow("X.509 CA", "Minted", Markup.Escape(minted));
        }

        if (x509.ActivatedSlotId is { } activated)
        {
            table.AddRow("X.509 CA", "Activated", Markup.Escape(activated));
        }

        foreach (var dropped in x509.DroppedSlotIds)
        {
            table.AddRow("X.509 CA", "Dropped", Markup.Escape(dropped));
        }

        if (x509.ClaimHeldElsewhere)
        {
            table.AddRow("X.509 CA", "Another instance is minting the next CA", "-");
        }

        if (table.Rows.Count == 0)
        {
            console.MarkupLine("[green]Nothing was due: the keys and the CA are current.[/]");
            return;
        }

        console.Write(table);
    }

    private static string Time(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";
}
