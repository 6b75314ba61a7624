namespace Bridge.Abstractions.Nodes;

/// <summary>
/// Verifies the evidence a node agent presents when it first attests (for example an EC2 instance identity document)
/// and returns facts about the node. Implementations never throw for bad evidence (they return a failure), honour
/// cancellation, and never sign anything: only the authority issues the agent's SVID, and only after the node store's
/// trust-on-first-use check.
/// </summary>
public interface INodeAttestor
{
    /// <summary>
    /// The attestor kind, which agents name in their request and which becomes the first segment of agent IDs after
    /// <c>/bridge/agent/</c> (for example <c>aws_iid</c>). Lowercase letters, digits and '_'.
    /// </summary>
    string Name { get; }

    /// <summary>Verifies the evidence.</summary>
    ValueTask<NodeAttestationResult> AttestAsync(NodeAttestationRequest request, CancellationToken cancellationToken);
}
