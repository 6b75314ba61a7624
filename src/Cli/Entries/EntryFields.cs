using System.Globalization;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Cli.Entries;

/// <summary>
/// The entry fields given on a command line, as typed. <see cref="TryBuild"/> turns them into an entry, reporting every
/// unreadable value at once; the registration validator then applies the service's rules.
/// </summary>
internal sealed record EntryFields
{
    public string? Id { get; init; }

    public string? SpiffeId { get; init; }

    public string? ParentId { get; init; }

    public string? Attestor { get; init; }

    /// <summary>Makes the entry the definition of this node set (its SPIFFE ID and the server parent).</summary>
    public string? NodeSet { get; init; }

    /// <summary>Shorthand for a node-set parent.</summary>
    public string? ParentNodeSet { get; init; }

    public IReadOnlyList<string> Selectors { get; init; } = [];

    public IReadOnlyList<string> Audiences { get; init; } = [];

    public IReadOnlyList<string> DnsNames { get; init; } = [];

    public string? X509SvidTtl { get; init; }

    public string? JwtSvidTtl { get; init; }

    public string? Hint { get; init; }

    public string? ExpiresAt { get; init; }

    /// <summary>
    /// Builds an entry: a new one when <paramref name="existing"/> is null, otherwise <paramref name="existing"/> with
    /// every given field replaced (a given list replaces the whole list).
    /// </summary>
    public RegistrationEntry? TryBuild(RegistrationEntry? existing, TrustDomain trustDomain, List<string> errors)
    {
        var definition = ParseNodeSetDefinition(trustDomain, errors);
        var parent = definition is not null ? BridgeIds.Server(trustDomain) : ParseParent(trustDomain, errors) ?? existing?.ParentId;
        var selectors = ParseSelectors(errors);
        var x509Ttl = ParseTtl(X509SvidTtl, "--x509-svid-ttl", errors);
        var jwtTtl = ParseTtl(JwtSvidTtl, "--jwt-svid-ttl", errors);
        var expiresAt = ParseExpiry(errors);
        if (existing is null)
        {
            if (string.IsNullOrWhiteSpace(SpiffeId) && NodeSet is null)
            {
                errors.Add("--spiffe-id (or --node-set, to define a node set) is required.");
            }

            if (parent is null && ParentId is null && Attestor is null && ParentNodeSet is null && NodeSet is null)
            {
                errors.Add("--parent-id, --attestor or --parent-node-set is required (or --node-set, to define a node set).");
            }

            if (Selectors.Count == 0)
            {
                errors.Add("at least one --selector is required.");
            }
        }

        if (errors.Count > 0 || parent is null)
        {
            return null;
        }

        return new RegistrationEntry
        {
            Id = existing?.Id ?? Id ?? Guid.NewGuid().ToString(),
            SpiffeId = definition?.ToString() ?? SpiffeId ?? existing!.SpiffeId,
            ParentId = parent.Value,
            Selectors = Selectors.Count > 0 ? selectors : existing!.Selectors,
            Audiences = Audiences.Count > 0 ? Audiences : existing?.Audiences ?? [],
            DnsNames = DnsNames.Count > 0 ? DnsNames : existing?.DnsNames ?? [],
            X509SvidTtl = x509Ttl ?? existing?.X509SvidTtl,
            JwtSvidTtl = jwtTtl ?? existing?.JwtSvidTtl,
            Hint = Hint ?? existing?.Hint,
            ExpiresAt = expiresAt ?? existing?.ExpiresAt,
            Revision = existing?.Revision ?? 0,
        };
    }

    /// <summary>The node set <c>--node-set</c> defines: it stands for both the SPIFFE ID and the parent.</summary>
    private SpiffeId? ParseNodeSetDefinition(TrustDomain trustDomain, List<string> errors)
    {
        if (NodeSet is null)
        {
            return null;
        }

        if (SpiffeId is not null || ParentId is not null || Attestor is not null || ParentNodeSet is not null)
        {
            errors.Add($"--node-set gives the entry's SPIFFE ID ({BridgeIds.ReservedPathPrefix}/nodeset/<name>) and parent ({BridgeIds.Server(trustDomain)}): " +
                "give none of --spiffe-id, --parent-id, --attestor or --parent-node-set with it.");
            return null;
        }

        return NodeSetId(trustDomain, NodeSet, "--node-set", errors);
    }

    private static SpiffeId? NodeSetId(TrustDomain trustDomain, string name, string flag, List<string> errors)
    {
        if (NodeSetName.IsValid(name))
        {
            return BridgeIds.NodeSet(trustDomain, name);
        }

        errors.Add($"{flag} '{name}' is not a valid node-set name ({NodeSetName.RuleSummary}).");
        return null;
    }

    private SpiffeId? ParseParent(TrustDomain trustDomain, List<string> errors)
    {
        if (new[] { ParentId, Attestor, ParentNodeSet }.Count(p => p is not null) > 1)
        {
            errors.Add("give one of --parent-id, --attestor and --parent-node-set.");
            return null;
        }

        if (ParentNodeSet is not null)
        {
            return NodeSetId(trustDomain, ParentNodeSet, "--parent-node-set", errors);
        }

        if (Attestor is not null)
        {
            try
            {
                return BridgeIds.AttestorParent(trustDomain, Attestor);
            }
            catch (FormatException)
            {
                errors.Add($"--attestor '{Attestor}' is not a valid attestor name.");
                return null;
            }
        }

        if (ParentId is null)
        {
            return null;
        }

        if (Spiffe.Id.SpiffeId.TryParse(ParentId, out var parsed, out var error))
        {
            return parsed;
        }

        errors.Add($"--parent-id '{ParentId}' is not a SPIFFE ID: {error}");
        return null;
    }

    private List<Selector> ParseSelectors(List<string> errors)
    {
        var selectors = new List<Selector>(Selectors.Count);
        foreach (var text in Selectors)
        {
            if (Selector.TryParse(text, out var selector))
            {
                selectors.Add(selector);
            }
            else
            {
                errors.Add($"--selector '{text}' is not of the form type:value.");
            }
        }

        return selectors;
    }

    private static TimeSpan? ParseTtl(string? text, string flag, List<string> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (DurationText.TryParse(text, out var ttl))
        {
            return ttl;
        }

        errors.Add($"{flag} '{text}' is not a duration such as 90s, 5m, 1h or 2d.");
        return null;
    }

    private DateTimeOffset? ParseExpiry(List<string> errors)
    {
        if (ExpiresAt is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(ExpiresAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expiresAt))
        {
            return expiresAt.ToUniversalTime();
        }

        errors.Add($"--expires-at '{ExpiresAt}' is not an RFC 3339 time such as 2027-01-31T00:00:00Z.");
        return null;
    }
}
