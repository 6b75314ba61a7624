namespace Bridge.Authority.Agents;

/// <summary>Why an agent's sync or SVID request was refused. Mapped to HTTP only at the edge.</summary>
public enum AgentSvidFailure
{
    /// <summary>No failure.</summary>
    None = 0,

    /// <summary>An entry is not in the agent's authorized set (another agent's, unknown, expired, or deleted).</summary>
    EntryNotAuthorized,

    /// <summary>
    /// The entry is authorized but cannot give the SVID asked for (a SPIFFE ID template, or DNS names that break the
    /// DNS-name rule): an operator must fix the entry; the agent cannot.
    /// </summary>
    EntryNotIssuable,

    /// <summary>A CSR is malformed, badly signed, or has an unacceptable key.</summary>
    InvalidCertificateRequest,

    /// <summary>A JWT-SVID was requested without any audience.</summary>
    AudienceRequired,

    /// <summary>A requested audience is not allowed by the entry.</summary>
    AudienceNotAllowed,

    /// <summary>A dependency (registration store, key manager) is temporarily unavailable; the agent may retry.</summary>
    Unavailable,
}
