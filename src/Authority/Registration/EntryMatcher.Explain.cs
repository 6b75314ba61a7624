using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Registration;

public static partial class EntryMatcher
{
    /// <summary>
    /// Explains, for every candidate, whether it gives the caller an identity and if not why: the checks of
    /// <see cref="Match"/> (parent, selectors, expiry; the same predicate), then the exchange's own (the SPIFFE ID
    /// template renders from verified values, requested audiences are allowed, DNS names follow the rule for X.509).
    /// For operators (<c>bridge entry explain</c>), never for callers: it tells which entries exist.
    /// </summary>
    /// <param name="candidates">The entries to explain.</param>
    /// <param name="parentId">The caller's parent: its attestor's ID.</param>
    /// <param name="selectors">The caller's verified selectors.</param>
    /// <param name="templateValues">The caller's verified template values; null when unknown (no token), so templates are not checked.</param>
    /// <param name="trustDomain">The service's trust domain.</param>
    /// <param name="audiences">Audiences the caller would ask a JWT-SVID for; may be empty.</param>
    /// <param name="now">The time of the check.</param>
    /// <returns>One explanation per candidate, those giving an identity first, then by fewest missing selectors, then id.</returns>
    public static IReadOnlyList<EntryMatchExplanation> Explain(
        IEnumerable<RegistrationEntry> candidates,
        SpiffeId parentId,
        IReadOnlyCollection<Selector> selectors,
        IReadOnlyDictionary<string, string>? templateValues,
        TrustDomain trustDomain,
        IReadOnlyCollection<string> audiences,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(selectors);
        ArgumentNullException.ThrowIfNull(audiences);
        var callerSelectors = new HashSet<Selector>(selectors);
        var explanations = new List<EntryMatchExplanation>();
        foreach (var entry in candidates)
        {
            var entrySelectors = entry.Selectors ?? [];
            SpiffeId? rendered = null;
            string? renderError = null;
            if (templateValues is not null)
            {
                if (EntryIdentity.TryRender(entry, templateValues, trustDomain, out var id, out var error))
                {
                    rendered = id;
                }
                else
                {
                    renderError = error;
                }
            }

            explanations.Add(new EntryMatchExplanation
            {
                Entry = entry,
                CallerParentId = parentId,
                Applies = !parentId.IsZero && Applies(entry, parentId, callerSelectors, now),
                ParentMatches = !parentId.IsZero && entry.ParentId == parentId,
                IsLive = IsLive(entry, now),
                MatchedSelectors = [.. entrySelectors.Where(callerSelectors.Contains)],
                MissingSelectors = [.. entrySelectors.Where(s => !callerSelectors.Contains(s))],
                RenderedId = rendered,
                RenderError = renderError,
                DisallowedAudiences = [.. audiences.Where(a => !entry.Audiences.Contains(a, StringComparer.Ordinal))],
                DnsNameProblem = (entry.DnsNames ?? []).Select(n => DnsName.Check(n) is { } p ? $"'{n}' {p}" : null).FirstOrDefault(p => p is not null),
            });
        }

        return
        [
            .. explanations
                .OrderByDescending(e => e.GivesIdentity)
                .ThenBy(e => e.Reasons.Count)
                .ThenBy(e => e.MissingSelectors.Count)
                .ThenBy(e => e.Entry.Id, StringComparer.Ordinal),
        ];
    }
}
