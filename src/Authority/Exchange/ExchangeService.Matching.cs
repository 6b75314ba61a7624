using Bridge.Abstractions;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Logging;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Registration;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Logging;

namespace Bridge.Authority.Exchange;

public sealed partial class ExchangeService
{
    // Verified, but a token may carry many principal tags: the Debug line stays bounded.
    private const int MaxLoggedSelectorsLength = 2048;

    /// <summary>
    /// Finds the one entry that applies: same parent, all of its selectors verified (the store's match), not expired,
    /// and a SPIFFE ID template that renders from verified values. Several candidates need the caller to name one; the failure says
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

        // The store's answer is the match (every backend matches with EntryMatcher, held to it by the conformance
        // suite): matching it again would double the hot path's work. Stores leave expiry to callers; it applies here.
        var now = _time.GetUtcNow();
        var matches = new List<EntryMatch>();
        foreach (var entry in candidates)
        {
            if (!EntryMatcher.IsLive(entry, now))
            {
                continue;
            }

            if (EntryIdentity.TryRender(entry, identity.TemplateValues, _trustDomain, out var id, out _))
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

        if (matches.Count == 0 && _logger.IsEnabled(LogLevel.Debug))
        {
            // What the caller proved, for the operator writing its entry (`bridge entry explain` shows the near misses).
            Log.NotRegisteredSelectors(_logger, identity.Attestor, parentId.ToString(), LogText.Bounded(string.Join(", ", identity.Selectors), MaxLoggedSelectorsLength));
        }

        return matches.Count switch
        {
            0 => (null, ExchangeFailureKind.NotRegistered),
            1 => (matches[0], ExchangeFailureKind.None),
            _ => (null, ExchangeFailureKind.AmbiguousIdentity),
        };
    }

    private readonly record struct EntryMatch(RegistrationEntry Entry, SpiffeId Id);
}
