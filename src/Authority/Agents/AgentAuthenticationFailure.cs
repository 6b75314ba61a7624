namespace Bridge.Authority.Agents;

/// <summary>Why an agent call was not authenticated. Mapped to HTTP only at the edge.</summary>
public enum AgentAuthenticationFailure
{
    /// <summary>No failure.</summary>
    None = 0,

    /// <summary>No assertion was presented.</summary>
    Missing,

    /// <summary>The assertion is not a well-formed JWS of the expected shape, or its claims are missing or wrong.</summary>
    Malformed,

    /// <summary>The signature, the chain to the trust bundle, or the key does not verify.</summary>
    InvalidSignature,

    /// <summary>The assertion, or the agent SVID in it, has expired, is not valid yet, or lives too long.</summary>
    Expired,

    /// <summary>The assertion was already used (its <c>jti</c>).</summary>
    Replayed,

    /// <summary>The SVID is not an agent ID of this trust domain.</summary>
    NotAnAgent,

    /// <summary>No node record exists for the agent ID (never attested, evicted, or pruned).</summary>
    UnknownNode,

    /// <summary>The SVID's serial number is neither the node's current nor its pending one (superseded or forged).</summary>
    SerialMismatch,

    /// <summary>The node is banned.</summary>
    Banned,

    /// <summary>A dependency (node store, replay cache) is unavailable: the agent may retry.</summary>
    Unavailable,
}
