using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Registration;

/// <summary>
/// Decides which registration entries apply to a caller: the entry's parent ID equals the caller's parent, every one
/// of the entry's selectors is among the caller's verified selectors (subset semantics, ordinal comparison), and the
/// entry has not expired. Store backends reuse it so that every backend matches alike.
/// </summary>
public static partial class EntryMatcher
{
    /// <summary>
    /// Returns the entries that apply to a caller attested by <paramref name="parentId"/> with
    /// <paramref name="selectors"/> at <paramref name="now"/>, ordered by entry id (ordinal).
    /// </summary>
    public static IReadOnlyList<RegistrationEntry> Match(
        IEnumerable<RegistrationEntry> candidates,
        SpiffeId parentId,
        IReadOnlyCollection<Selector> selectors,
        DateTimeOffset now) =>
        Filter(candidates, parentId, selectors, now);

    /// <summary>
    /// As <see cref="Match"/> but without the expiry check: what <see cref="IRegistrationStore.FindMatchingAsync"/>
    /// returns, since stores leave expiry to callers.
    /// </summary>
    public static IReadOnlyList<RegistrationEntry> MatchIgnoringExpiry(
        IEnumerable<RegistrationEntry> candidates,
        SpiffeId parentId,
        IReadOnlyCollection<Selector> selectors) =>
        Filter(candidates, parentId, selectors, now: null);

    /// <summary>True when <paramref name="entry"/> has not expired at <paramref name="now"/>.</summary>
    public static bool IsLive(RegistrationEntry entry, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.ExpiresAt is not { } expiresAt || now < expiresAt;
    }

    private static RegistrationEntry[] Filter(
        IEnumerable<RegistrationEntry> candidates,
        SpiffeId parentId,
        IReadOnlyCollection<Selector> selectors,
        DateTimeOffset? now)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(selectors);
        if (parentId.IsZero)
        {
            return [];
        }

        var matches = new List<RegistrationEntry>();
        // A fresh set: a caller's set might carry a comparer other than the ordinal one selectors require.
        var callerSelectors = new HashSet<Selector>(selectors);
        foreach (var entry in candidates)
        {
            if (Applies(entry, parentId, callerSelectors, now))
            {
                matches.Add(entry);
            }
        }

        // OrderBy is stable (List.Sort is not): should a raw list repeat an id, input order decides.
        return [.. matches.OrderBy(e => e.Id, StringComparer.Ordinal)];
    }

    /// <summary>The one definition of "this entry applies to this caller", shared by matching and <see cref="Explain"/>.</summary>
    private static bool Applies(RegistrationEntry entry, SpiffeId parentId, HashSet<Selector> callerSelectors, DateTimeOffset? now) =>
        entry.ParentId == parentId
        && (now is not { } at || IsLive(entry, at))
        && SelectorsContained(entry.Selectors, callerSelectors);

    private static bool SelectorsContained(IReadOnlyList<Selector>? required, HashSet<Selector> available)
    {
        // An entry without selectors would match everyone under its parent; it is invalid, so it matches no one.
        if (required is null || required.Count == 0)
        {
            return false;
        }

        foreach (var selector in required)
        {
            if (!available.Contains(selector))
            {
                return false;
            }
        }

        return true;
    }
}
