using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Registration;

/// <summary>Whether one entry gives a caller an identity, and every reason it does not (<see cref="EntryMatcher.Explain"/>).</summary>
public sealed record EntryMatchExplanation
{
    /// <summary>The entry.</summary>
    public required RegistrationEntry Entry { get; init; }

    /// <summary>The caller's parent (its attestor's ID).</summary>
    public required SpiffeId CallerParentId { get; init; }

    /// <summary>The matcher's verdict (<see cref="EntryMatcher.Match"/>): same parent, every selector verified, not expired.</summary>
    public required bool Applies { get; init; }

    /// <summary>The entry's parent is the caller's.</summary>
    public required bool ParentMatches { get; init; }

    /// <summary>The entry has not expired.</summary>
    public required bool IsLive { get; init; }

    /// <summary>The entry's selectors the caller has.</summary>
    public required IReadOnlyList<Selector> MatchedSelectors { get; init; }

    /// <summary>The entry's selectors the caller lacks.</summary>
    public required IReadOnlyList<Selector> MissingSelectors { get; init; }

    /// <summary>The SPIFFE ID the entry gives the caller; null when it does not render or template values are unknown.</summary>
    public SpiffeId? RenderedId { get; init; }

    /// <summary>Why the template did not render; null when it rendered or was not checked.</summary>
    public string? RenderError { get; init; }

    /// <summary>Requested audiences the entry does not allow.</summary>
    public required IReadOnlyList<string> DisallowedAudiences { get; init; }

    /// <summary>The first of the entry's DNS names that breaks the DNS-name rule, with why; X.509-SVIDs are then refused.</summary>
    public string? DnsNameProblem { get; init; }

    /// <summary>The exchange would give this entry's identity (audience and X.509 checks aside).</summary>
    public bool GivesIdentity => Applies && RenderError is null;

    /// <summary>Shares the caller's parent or at least one of its selectors: worth showing to someone writing entries.</summary>
    public bool IsNear => ParentMatches || MatchedSelectors.Count > 0;

    /// <summary>Every reason, in words, the entry does not give the requested SVIDs; empty when it does.</summary>
    public IReadOnlyList<string> Reasons
    {
        get
        {
            var reasons = new List<string>();
            if (!ParentMatches)
            {
                reasons.Add($"parent is {Entry.ParentId}, the caller's is {CallerParentId}");
            }

            if (Entry.Selectors is null || Entry.Selectors.Count == 0)
            {
                reasons.Add("the entry has no selectors, so it matches no one");
            }

            if (MissingSelectors.Count > 0)
            {
                reasons.Add("missing selectors: " + string.Join(", ", MissingSelectors));
            }

            if (!IsLive)
            {
                reasons.Add($"expired at {RegistrationEntryFile.FormatTimestamp(Entry.ExpiresAt!.Value)}");
            }

            if (RenderError is not null)
            {
                reasons.Add("SPIFFE ID not rendered: " + RenderError);
            }

            if (DisallowedAudiences.Count > 0)
            {
                reasons.Add($"audience not allowed: {string.Join(", ", DisallowedAudiences)} (allowed: " +
                    (Entry.Audiences.Count == 0 ? "none, no JWT-SVIDs" : string.Join(", ", Entry.Audiences)) + ")");
            }

            if (DnsNameProblem is not null)
            {
                reasons.Add($"X.509-SVIDs refused: DNS name {DnsNameProblem}");
            }

            return reasons;
        }
    }
}
