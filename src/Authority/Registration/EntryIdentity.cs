using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Bridge.Abstractions.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Registration;

/// <summary>
/// The SPIFFE ID an entry gives a caller: the entry's template rendered from the caller's verified template values,
/// in the service's trust domain. The exchange and <c>bridge entry explain</c> both render through here.
/// </summary>
public static class EntryIdentity
{
    private static readonly ConditionalWeakTable<RegistrationEntry, TemplateSlot> ParsedTemplates = new();

    /// <summary>Renders <paramref name="entry"/>'s SPIFFE ID; the error names a placeholder, never a value.</summary>
    public static bool TryRender(
        RegistrationEntry entry,
        IReadOnlyDictionary<string, string> templateValues,
        TrustDomain trustDomain,
        out SpiffeId id,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(templateValues);
        id = default;
        if (ParsedTemplate(entry) is not { } template)
        {
            error = "its SPIFFE ID template is invalid";
            return false;
        }

        if (!template.TryRender(templateValues, out var rendered, out error))
        {
            return false;
        }

        if (!rendered.MemberOf(trustDomain))
        {
            error = $"its SPIFFE ID is not in trust domain {trustDomain}";
            return false;
        }

        id = rendered;
        return true;
    }

    /// <summary>
    /// The entry's parsed SPIFFE ID template. Entries are immutable and the stores hand out the same instances until
    /// an entry changes, so each is parsed once; the weak table lets replaced entries go with their templates.
    /// </summary>
    internal static SpiffeIdTemplate? ParsedTemplate(RegistrationEntry entry) =>
        ParsedTemplates.GetValue(entry, e => new TemplateSlot(SpiffeIdTemplate.TryParse(e.SpiffeId, out var t, out _) ? t : null)).Template;

    private sealed record TemplateSlot(SpiffeIdTemplate? Template);
}
