using Bridge.Abstractions.Attestation;

namespace Bridge.Abstractions.Nodes;

/// <summary>The verified facts a node attestor extracted from evidence. Node attestors return facts; they never sign.</summary>
public sealed record AttestedNode
{
    /// <summary>The node attestor that verified the evidence (<see cref="INodeAttestor.Name"/>, e.g. <c>aws_iid</c>).</summary>
    public required string AttestorName { get; init; }

    /// <summary>
    /// The path segments that name the node under <c>/bridge/agent/&lt;attestor&gt;/</c>, each a valid SPIFFE path segment:
    /// for an instance identity document <c>[account, region, instance-id]</c>, so the agent ID is
    /// <c>spiffe://&lt;td&gt;/bridge/agent/aws_iid/&lt;account&gt;/&lt;region&gt;/&lt;instance-id&gt;</c>.
    /// </summary>
    public required IReadOnlyList<string> AgentIdSegments { get; init; }

    /// <summary>
    /// What makes the node unique, for audit and the node record (<see cref="NodeRecord.AttestationFingerprint"/>), e.g.
    /// <c>123456789012/us-east-1/i-0abc</c>.
    /// </summary>
    public required string Fingerprint { get; init; }

    /// <summary>Verified node selectors (e.g. <c>aws_iid:tag:role:web</c>), distinct and sorted ordinally.</summary>
    public required IReadOnlyList<Selector> Selectors { get; init; }

    /// <summary>
    /// When the evidence was issued, for an instance identity document its <c>pendingTime</c> (the last launch or
    /// start). Evidence newer than the node record's shows the node was restarted: a safe re-attestation.
    /// </summary>
    public required DateTimeOffset EvidenceIssuedAt { get; init; }

    /// <summary>
    /// The ARN of the attested resource (for an EC2 instance <c>arn:aws:ec2:&lt;region&gt;:&lt;account&gt;:instance/&lt;id&gt;</c>),
    /// which a fresh STS web identity token's <c>ec2_source_instance_arn</c> claim can name to prove the caller runs on
    /// the node now; null when the attestor has no such resource.
    /// </summary>
    public string? ResourceArn { get; init; }
}
