using Bridge.Abstractions.Registration;
using Bridge.Authority.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Cli.Entries;

/// <summary>
/// Warns about entries under a node set that has no definition: valid, but no agent serves them until a definition
/// (parent <c>/bridge/server</c>, SPIFFE ID the node set's) exists. Warnings only, as a definition may come later.
/// </summary>
internal static class NodeSetReferenceCheck
{
    /// <summary>True when <paramref name="entry"/> is under a node set or defines one, so the check needs the other entries.</summary>
    public static bool Concerns(RegistrationEntry entry) =>
        EntryParentKinds.Of(entry.ParentId) is EntryParentKind.NodeSet or EntryParentKind.Server;

    /// <summary>
    /// A warning for each entry of <paramref name="checkedEntries"/> whose parent node set no entry of
    /// <paramref name="allEntries"/> (which includes them) defines.
    /// </summary>
    public static IEnumerable<string> Check(IReadOnlyCollection<RegistrationEntry> allEntries, IEnumerable<RegistrationEntry> checkedEntries)
    {
        var defined = DefinedNodeSets(allEntries);
        foreach (var entry in checkedEntries)
        {
            if (EntryParentKinds.Of(entry.ParentId) == EntryParentKind.NodeSet && !defined.Contains(entry.ParentId)
                && BridgeIds.TryGetNodeSetName(entry.ParentId, out var name))
            {
                yield return $"entry {entry.Id}: node set '{name}' has no definition, so no agent serves the entry " +
                    $"(define it: bridge entry create --node-set {name} --selector <node selector>...).";
            }
        }
    }

    /// <summary>A warning for each entry that a deleted definition leaves under an undefined node set.</summary>
    public static IEnumerable<string> CheckAfterDelete(RegistrationEntry deleted, IReadOnlyCollection<RegistrationEntry> remaining)
    {
        if (EntryParentKinds.Of(deleted.ParentId) != EntryParentKind.Server
            || !SpiffeId.TryParse(deleted.SpiffeId, out var nodeSet)
            || DefinedNodeSets(remaining).Contains(nodeSet))
        {
            return [];
        }

        return Check(remaining, remaining.Where(e => e.ParentId == nodeSet));
    }

    private static HashSet<SpiffeId> DefinedNodeSets(IEnumerable<RegistrationEntry> entries)
    {
        var defined = new HashSet<SpiffeId>();
        foreach (var entry in entries)
        {
            if (EntryParentKinds.Of(entry.ParentId) == EntryParentKind.Server && SpiffeId.TryParse(entry.SpiffeId, out var id))
            {
                defined.Add(id);
            }
        }

        return defined;
    }
}
