namespace Bridge.Authority.Registration;

/// <summary>What an entry's <c>parent_id</c> names (<see cref="EntryParentKinds.Of"/>), which decides the entry's rules.</summary>
public enum EntryParentKind
{
    /// <summary>None of the others: no party of Bridge ever presents it, so an entry under it is refused.</summary>
    Unknown = 0,

    /// <summary><c>/bridge/attestor/&lt;name&gt;</c>: callers of <c>/token</c> that this attestor verified.</summary>
    Attestor,

    /// <summary><c>/bridge/agent/&lt;attestor&gt;/…</c>: workloads on one node, served by its agent.</summary>
    Agent,

    /// <summary><c>/bridge/nodeset/&lt;name&gt;</c>: workloads on every node of the set, served by each agent of it.</summary>
    NodeSet,

    /// <summary><c>/bridge/server</c>: the entry is a node-set definition.</summary>
    Server,
}
