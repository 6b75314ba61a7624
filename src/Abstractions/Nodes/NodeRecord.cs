using Bridge.Abstractions.Attestation;
using Bridge.Spiffe.Id;

namespace Bridge.Abstractions.Nodes;

/// <summary>
/// An attested node (SPIRE's attested-node record): the agent identity a node received when it first attested, and what
/// renewal needs to check. Trust on first use: a node attests once; afterwards it renews by proving its current SVID.
/// </summary>
public sealed record NodeRecord
{
    /// <summary>The agent's SPIFFE ID, the record's key, e.g. <c>spiffe://example.org/bridge/agent/aws_iid/123456789012/us-east-1/i-0abc</c>.</summary>
    public required SpiffeId AgentId { get; init; }

    /// <summary>The attestor that vouched for the node, e.g. <c>aws_iid</c>.</summary>
    public required string AttestorName { get; init; }

    /// <summary>
    /// What the attestation showed that makes the node unique, e.g. <c>123456789012/us-east-1/i-0abc</c> for an instance
    /// identity document: kept for audit and to tell a replayed attestation from another node's.
    /// </summary>
    public required string AttestationFingerprint { get; init; }

    /// <summary>The selectors the attestation produced, in the attestor's order.</summary>
    public IReadOnlyList<Selector> Selectors { get; init; } = [];

    /// <summary>
    /// When the evidence of the last attestation was issued (for an instance identity document its <c>pendingTime</c>):
    /// an attestation with newer evidence shows the node restarted since, a safe re-attestation. Null when unknown.
    /// </summary>
    public DateTimeOffset? EvidenceIssuedAt { get; init; }

    /// <summary>When the node first attested.</summary>
    public required DateTimeOffset FirstAttestedAt { get; init; }

    /// <summary>When the node last attested or renewed.</summary>
    public required DateTimeOffset LastAttestedAt { get; init; }

    /// <summary>The serial number (lowercase hex) of the agent X.509-SVID the node currently holds; renewal must present it.</summary>
    public required string SvidSerialNumber { get; init; }

    /// <summary>
    /// The serial number of an SVID issued by a renewal the node has not used yet (SPIRE's new-serial field): until the node
    /// presents it, both serials authenticate, so a lost renewal response does not lock the node out. Null when none.
    /// </summary>
    public string? PendingSvidSerialNumber { get; init; }

    /// <summary>When the current agent SVID expires. A record not banned is stale once this plus the store's grace has passed.</summary>
    public required DateTimeOffset SvidExpiresAt { get; init; }

    /// <summary>A banned node may neither renew nor attest again until its record is deleted; no update lifts a ban.</summary>
    public bool Banned { get; init; }

    /// <summary>Optimistic-concurrency revision, set by the store: 1 after create, +1 per write; 0 before the first write.</summary>
    public long Revision { get; init; }
}
