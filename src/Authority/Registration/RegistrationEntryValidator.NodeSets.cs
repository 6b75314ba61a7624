using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Registration;

/// <content>
/// The rules that depend on the parent: which parents exist, node-set definitions (SPIRE's node alias: parent
/// <c>/bridge/server</c>, SPIFFE ID <c>/bridge/nodeset/&lt;name&gt;</c>, node selectors and nothing an SVID would use),
/// and the workload selectors that only agent-side entries may list.
/// </content>
public sealed partial class RegistrationEntryValidator
{
    private const string NodeSetPathPrefix = BridgeIds.ReservedPathPrefix + "/nodeset/";

    private void ValidateParentKind(SpiffeId parentId, List<string> errors)
    {
        switch (EntryParentKinds.Of(parentId))
        {
            case EntryParentKind.Unknown:
                var td = _options.TrustDomain;
                errors.Add($"parent_id: must be an attestor (spiffe://{td.Name}/bridge/attestor/<name>), an agent " +
                    $"(spiffe://{td.Name}/bridge/agent/<attestor>/<id...>), a node set (spiffe://{td.Name}/bridge/nodeset/<name>), " +
                    $"or {BridgeIds.Server(td)} for a node-set definition");
                break;
            case EntryParentKind.NodeSet when BridgeIds.TryGetNodeSetName(parentId, out var name) && !NodeSetName.IsValid(name):
                errors.Add($"parent_id: node-set names are {NodeSetName.RuleSummary}");
                break;
        }
    }

    private void ValidateNodeSetDefinitionId(string? spiffeId, List<string> errors)
    {
        if (string.IsNullOrEmpty(spiffeId))
        {
            errors.Add("spiffe_id: is required");
        }
        else if (!SpiffeId.TryParse(spiffeId, out var id, out _)
            || !id.MemberOf(_options.TrustDomain)
            || !BridgeIds.TryGetNodeSetName(id, out var name))
        {
            errors.Add($"spiffe_id: a node-set definition (parent_id {BridgeIds.Server(_options.TrustDomain)}) must have the SPIFFE ID " +
                $"spiffe://{_options.TrustDomain.Name}/bridge/nodeset/<name>");
        }
        else if (!NodeSetName.IsValid(name))
        {
            errors.Add($"spiffe_id: node-set names are {NodeSetName.RuleSummary}");
        }
    }

    // A definition only says which nodes belong to the set: nothing in it is ever put into an SVID. An expiry is
    // refused too: retiring a set is deleting its definition, so no consumer has to remember to honour a date.
    private static void ValidateNodeSetDefinitionFields(RegistrationEntry entry, List<string> errors)
    {
        const string NoSvids = "a node-set definition issues no SVIDs: leave it unset";
        if (entry.X509SvidTtl is not null)
        {
            errors.Add($"x509_svid_ttl: {NoSvids}");
        }

        if (entry.JwtSvidTtl is not null)
        {
            errors.Add($"jwt_svid_ttl: {NoSvids}");
        }

        if (entry.Audiences is { Count: > 0 })
        {
            errors.Add($"audiences: {NoSvids}");
        }

        if (entry.DnsNames is { Count: > 0 })
        {
            errors.Add($"dns_names: {NoSvids}");
        }

        if (entry.Hint is not null)
        {
            errors.Add($"hint: {NoSvids}");
        }

        if (entry.ExpiresAt is not null)
        {
            errors.Add("expires_at: a node-set definition cannot expire: delete it to retire the set");
        }
    }

    private static string? CheckSelectorForKind(Selector selector, EntryParentKind kind)
    {
        if (!WorkloadSelectors.IsWorkloadType(selector.Type) || kind == EntryParentKind.Unknown)
        {
            // Other types are checked against vocabularies by the tools, as warnings; an unknown parent is its own error.
            return null;
        }

        return kind switch
        {
            EntryParentKind.Agent or EntryParentKind.NodeSet => WorkloadSelectorSyntax.Check(selector),
            EntryParentKind.Server => $"{selector.Type} selectors describe workloads, not nodes: a node-set definition lists node selectors such as aws_iid:tag:role:web",
            _ => $"{selector.Type} selectors are presented by workloads to an agent, never to an attestor: only an entry under an agent or a node set can match them",
        };
    }
}
