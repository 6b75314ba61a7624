using System.Globalization;
using Bridge.Authority.Ca.Rotation;
using Bridge.Authority.Rotation;
using Bridge.Cli.Output;
using Spectre.Console;

namespace Bridge.Cli.Authority;

/// <summary>Tables for <c>bridge ca show</c> and <c>bridge ca rotate</c>.</summary>
internal static class AuthorityRendering
{
    public static void WriteJwtKeys(IAnsiConsole console, JwtKeySetDescription keys)
    {
        IReadOnlyList<IReadOnlyList<WrappedText>> rows = [.. keys.Slots.Select(slot => (IReadOnlyList<WrappedText>)
        [
            new(slot.SlotId),
            new(slot.Status.ToString()),
            new(slot.KeyId ?? "-"),
            new(slot.KeyType.ToString()),
            new(slot.Published ? "yes" : "no"),
            new(Time(slot.PreparedAt)),
            new(Time(slot.ActivatedAt)),
            new(Time(slot.RetiredAt)),
            new(Time(slot.PublishUntil)),
        ])];
        console.Write(FittedTable.Create(
            $"JWT signing keys (state revision {keys.Revision})",
            ["Slot", "Status", "kid", "Type", "Published", "Prepared", "Activated", "Retired", "Published until"],
            rows,
            console.Profile.Width));
        console.MarkupLine($"Next JWT key step due at {Time(keys.NextStepAt)}.");
    }

    public static void WriteCas(IAnsiConsole console, X509CaDescription cas)
    {
        IReadOnlyList<IReadOnlyList<WrappedText>> rows = [.. cas.Slots.Select(slot => (IReadOnlyList<WrappedText>)
        [
            new(slot.SlotId),
            new(slot.Status.ToString()),
            new(slot.SerialNumber ?? "-"),
            new(Time(slot.NotBefore)),
            new(Time(slot.NotAfter)),
            new(Time(slot.ActivatedAt)),
            new(slot.Issuer ?? "-"),
            new(string.Join("\n", slot.UpstreamRootFingerprints.Select(f => f.Length > 16 ? f[..16] + "…" : f))),
        ])];
        console.Write(FittedTable.Create(
            $"X.509 intermediate CAs (state revision {cas.Revision})",
            ["Slot", "Status", "Serial", "Not before", "Not after", "Activated", "Issuer", "Upstream root (SHA-256)"],
            rows,
            console.Profile.Width));
    }

    public static void WriteRotation(IAnsiConsole console, RotationReport jwt, X509CaRotationResult x509)
    {
        var rows = new List<IReadOnlyList<WrappedText>>();
        foreach (var step in jwt.Steps)
        {
            rows.Add([new("JWT keys"), new(step.Kind.ToString()), new(step.SlotId)]);
        }

        if (x509.MintedSlotId is { } minted)
        {
            rows.Add([new("X.509 CA"), new("Minted"), new(minted)]);
        }

        if (x509.ActivatedSlotId is { } activated)
        {
            rows.Add([new("X.509 CA"), new("Activated"), new(activated)]);
        }

        foreach (var dropped in x509.DroppedSlotIds)
        {
            rows.Add([new("X.509 CA"), new("Dropped"), new(dropped)]);
        }

        if (x509.ClaimHeldElsewhere)
        {
            rows.Add([new("X.509 CA"), new("Another instance is minting the next CA"), new("-")]);
        }

        if (rows.Count == 0)
        {
            console.MarkupLine("[green]Nothing was due: the keys and the CA are current.[/]");
            return;
        }

        console.Write(FittedTable.Create("Rotation step", ["Part", "What happened", "Slot"], rows, console.Profile.Width));
    }

    private static string Time(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";
}
