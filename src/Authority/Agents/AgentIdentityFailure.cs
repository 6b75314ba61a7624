namespace Bridge.Authority.Agents;

/// <summary>Why attestation or renewal issued no agent SVID. Mapped to HTTP only at the edge.</summary>
public enum AgentIdentityFailure
{
    /// <summary>Issued.</summary>
    None = 0,

    /// <summary>No node attestor has the name the agent sent.</summary>
    UnknownAttestor,

    /// <summary>The node attestor refused the evidence.</summary>
    EvidenceRejected,

    /// <summary>The CSR is malformed, badly signed, or for an unsupported key.</summary>
    InvalidCertificateRequest,

    /// <summary>
    /// The node already attested and this attestation is not a safe re-attestation (trust on first use), or a concurrent
    /// attestation of the node won the conditional write.
    /// </summary>
    AlreadyAttested,

    /// <summary>
    /// A concurrent write to the node record (another renewal, a promotion, an eviction) won; nothing was returned and the
    /// agent's current SVID is unchanged: it may retry.
    /// </summary>
    Conflict,

    /// <summary>The node is banned.</summary>
    Banned,

    /// <summary>A dependency (node store, replay cache, key manager, evidence issuer) is unavailable: the agent may retry.</summary>
    Unavailable,
}
