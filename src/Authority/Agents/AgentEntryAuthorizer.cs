using Bridge.Abstractions.Nodes;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Registration;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Agents;

/// <summary>
/// Decides which registration entries an authenticated agent may serve (SPIRE's authorized entries): the live entries
/// whose parent is the agent's own ID, and the live entries whose parent is a node set the node belongs to, that is a
/// live node-set definition (parent <see cref="BridgeIds.Server"/>, SPIFFE ID <see cref="BridgeIds.NodeSet"/>) whose
/// selectors are all among the node record's selectors. Nothing else, ever: not another agent's entries, not the
/// definitions themselves, not the entries of attestors.
/// </summary>
/// <remarks>
/// Every lookup goes to <see cref="IRegistrationStore.FindByParentAsync"/> and
/// <see cref="IRegistrationStore.FindMatchingAsync"/>, which every store serves from memory (the DynamoDB store from its
/// entry index, checked at most once per refresh interval): an agent's sync every 30 s reads nothing from the table
/// inside the interval (docs/benchmarks.md). A store outage surfaces as the store's
/// <see cref="Bridge.Abstractions.DependencyUnavailableException"/>.
/// </remarks>
public sealed class AgentEntryAuthorizer
{
    // An agent has no verified template values: an entry with a placeholder in its SPIFFE ID is not issuable for it.
    private static readonly IReadOnlyDictionary<string, string> NoTemplateValues = new Dictionary<string, string>();

    private static readonly AuthorizedEntrySet Empty = new([], EntryDigest.Of([]));

    // Entries are immutable and the stores hand out the same instances until an entry changes: each is rendered once
    // per authorizer (whose trust domain is fixed), not on every sync of every agent.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<RegistrationEntry, AuthorizedEntry> _authorized = new();
    private readonly IRegistrationStore _registrations;
    private readonly TrustDomain _trustDomain;
    private readonly SpiffeId _server;
    private readonly TimeProvider _time;

    /// <summary>Creates the authorizer over the registration store.</summary>
    public AgentEntryAuthorizer(IRegistrationStore registrations, IOptions<AuthorityOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _registrations = registrations;
        _trustDomain = TrustDomain.Parse(options.Value.TrustDomain);
        _server = BridgeIds.Server(_trustDomain);
        _time = timeProvider;
    }

    /// <summary>The entries <paramref name="node"/>'s agent may serve now, with the set's revision.</summary>
    /// <exception cref="Bridge.Abstractions.DependencyUnavailableException">The registration store is unavailable.</exception>
    public async ValueTask<AuthorizedEntrySet> AuthorizeAsync(NodeRecord node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);

        // Authentication refuses these already; the authorizer fails closed on its own all the same.
        if (node.Banned || !node.AgentId.MemberOf(_trustDomain) || !BridgeIds.IsAgent(node.AgentId))
        {
            return Empty;
        }

        var now = _time.GetUtcNow();
        var entries = new List<RegistrationEntry>();
        AddLive(entries, await _registrations.FindByParentAsync(node.AgentId, cancellationToken).ConfigureAwait(false), now);

        var definitions = await _registrations.FindMatchingAsync(_server, node.Selectors, cancellationToken).ConfigureAwait(false);
        var nodeSets = new HashSet<SpiffeId>();
        foreach (var definition in definitions)
        {
            // The store applies the subset rule and leaves expiry to callers; an expired definition is no membership.
            if (EntryMatcher.IsLive(definition, now)
                && SpiffeId.TryParse(definition.SpiffeId, out var nodeSet)
                && nodeSet.MemberOf(_trustDomain)
                && BridgeIds.TryGetNodeSetName(nodeSet, out _)
                && nodeSets.Add(nodeSet))
            {
                AddLive(entries, await _registrations.FindByParentAsync(nodeSet, cancellationToken).ConfigureAwait(false), now);
            }
        }

        entries.Sort(static (a, b) => string.CompareOrdinal(a.Id, b.Id));
        var authorized = new AuthorizedEntry[entries.Count];
        for (var i = 0; i < authorized.Length; i++)
        {
            authorized[i] = _authorized.GetValue(entries[i], Authorize);
        }

        return new AuthorizedEntrySet(authorized, EntryDigest.Of(entries));
    }

    private AuthorizedEntry Authorize(RegistrationEntry entry) =>
        EntryIdentity.TryRender(entry, NoTemplateValues, _trustDomain, out var id, out var error)
            ? new AuthorizedEntry(entry, id, null)
            : new AuthorizedEntry(entry, default, error);

    private static void AddLive(List<RegistrationEntry> into, IReadOnlyList<RegistrationEntry> entries, DateTimeOffset now)
    {
        foreach (var entry in entries)
        {
            if (EntryMatcher.IsLive(entry, now))
            {
                into.Add(entry);
            }
        }
    }
}
