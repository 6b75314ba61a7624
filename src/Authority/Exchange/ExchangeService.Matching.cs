using System.Runtime.CompilerServices;
using Bridge.Abstractions;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Exchange;

public sealed partial class ExchangeService
{
    private static readonly ConditionalWeakTable<RegistrationEntry, TemplateSlot> ParsedTemplates = new();

    /// <summary>
    /// Finds the one entry that applies: same parent, all of its selectors verified, not expired, and a SPIFFE ID
    /// template that renders from verified values. Several candidates need the caller to name one; the failure says
    /// nothing about which entries exist.
    /// </summary>
    private async Task<(EntryMatch? Match, ExchangeFailureKind Failure)> MatchEntryAsync(
        AttestedIdentity identity, SpiffeId? requested, CancellationToken cancellationToken)
    {
        var parentId = BridgeIds.AttestorParent(_trustDomain, identity.Attestor);
        IReadOnlyList<RegistrationEntry> candidates;
        try
        {
            candidates = await _registrations.FindMatchingAsync(parentId, identity.Selectors, cancellationToken).ConfigureAwait(false);
        }
        catch (DependencyUnavailableException ex)
        {
            // Only an outage is retryable; any other exception is a bug in the store and reaches the edge as a 500.
            Log.DependencyFailed(_logger, "registration-store", ex);
            return (null, ExchangeFailureKind.Unavailable);
        }

        var matches = new List<EntryMatch>();
        foreach (var entry in EntryMatcher.Match(candidates, parentId, identity.Selectors, _time.GetUtcNow()))
        {
            if (ParsedTemplate(entry) is { } template
                && template.TryRender(identity.TemplateValues, out var id)
                && id.MemberOf(_trustDomain))
            {
                matches.Add(new EntryMatch(entry, id));
            }
            else
            {
                Log.TemplateNotRendered(_logger, entry.Id);
            }
        }

        if (requested is { } wanted)
        {
            matches.RemoveAll(m => m.Id != wanted);
            if (matches.Count == 0)
            {
                return (null, ExchangeFailureKind.IdentityNotAvailable);
            }
        }

        return matches.Count switch
        {
            0 => (null, ExchangeFailureKind.NotRegistered),
            1 => (matches[0], ExchangeFailureKind.None),
            _ => (null, ExchangeFailureKind.AmbiguousIdentity),
        };
    }

    /// <summary>
    /// The entry's parsed SPIFFE ID template. Entries are immutable and the stores hand out the same instances until
    /// an entry changes, so each is parsed once; the weak table lets replaced entries go with their templates.
    /// </summary>
    private static SpiffeIdTemplate? ParsedTemplate(RegistrationEntry entry) =>
        ParsedTemplates.GetValue(entry, e => new TemplateSlot(SpiffeIdTemplate.TryParse(e.SpiffeId, out var t, out _) ? t : null)).Template;

    private readonly record struct EntryMatch(RegistrationEntry Entry, SpiffeId Id);

    private sealed record TemplateSlot(SpiffeIdTemplate? Template);
}
