namespace Bridge.Agent.Node;

/// <summary>
/// Gathers the evidence the node attests with (<c>POST /agent/v1/attest</c>): the EC2 instance identity document from
/// IMDSv2 (<c>aws_iid</c>), or on ECS Fargate, which has no IMDS, the task role's STS web identity token
/// (<c>aws_sts</c>). Selected by <c>BridgeAgent:NodeAttestor:Attestor</c>.
/// </summary>
public interface INodeEvidenceProvider
{
    /// <summary>The server's node attestor for this evidence, e.g. <c>aws_iid</c>.</summary>
    string AttestorName { get; }

    /// <summary>Fresh evidence. Never log it.</summary>
    /// <param name="reattesting">True when the server may still hold this node's record (the agent lost its data, or its
    /// SVID was refused): the provider then adds what proves a safe re-attestation when it can (for <c>aws_iid</c> an STS
    /// web identity token), see docs/agent-api.md.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="NodeEvidenceException">The evidence source is unreachable or answered garbage.</exception>
    ValueTask<NodeEvidence> GetEvidenceAsync(bool reattesting, CancellationToken cancellationToken);
}
