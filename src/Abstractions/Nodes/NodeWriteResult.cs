namespace Bridge.Abstractions.Nodes;

/// <summary>The outcome of a node write, with the stored record (and its new revision) when it succeeded.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Node">The record as stored after a successful create, update or ban; null otherwise.</param>
public sealed record NodeWriteResult(NodeWriteStatus Status, NodeRecord? Node = null);
