namespace Bridge.Abstractions.Nodes;

/// <summary>The outcome of a write to an <see cref="INodeStore"/>.</summary>
public enum NodeWriteStatus
{
    /// <summary>The write was applied.</summary>
    Succeeded = 0,

    /// <summary>No record has that agent ID.</summary>
    NotFound,

    /// <summary>The record changed since the caller read it (revision mismatch); nothing was written.</summary>
    Conflict,

    /// <summary>
    /// A record for that agent ID exists (and is banned, or not yet stale): the node already attested once. Nothing was written.
    /// </summary>
    AlreadyExists,

    /// <summary>The record is banned: only deleting it lifts the ban. Nothing was written.</summary>
    Banned,
}
