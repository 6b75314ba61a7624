namespace Bridge.Authority.Exchange;

/// <summary>Why an exchange was refused. The HTTP edge maps each kind to a fixed OAuth error.</summary>
public enum ExchangeFailureKind
{
    /// <summary>No failure.</summary>
    None = 0,

    /// <summary>No attestor accepts the declared subject token type.</summary>
    UnsupportedTokenType,

    /// <summary>The evidence was not verified (see the attestation failure kind in the audit log).</summary>
    EvidenceRejected,

    /// <summary>The evidence was already used.</summary>
    Replayed,

    /// <summary>The caller was verified but no registration entry gives it an identity.</summary>
    NotRegistered,

    /// <summary>Several identities are available and the caller did not name one.</summary>
    AmbiguousIdentity,

    /// <summary>The caller named a SPIFFE ID that none of its entries give.</summary>
    IdentityNotAvailable,

    /// <summary>A JWT-SVID was requested without any audience.</summary>
    AudienceRequired,

    /// <summary>A requested audience is not allowed by the entry.</summary>
    AudienceNotAllowed,

    /// <summary>
    /// The entry that matched cannot give the SVID asked for: its stored DNS names break the DNS-name rule (an entry
    /// stored before the rule, or written around the validator). An operator must fix the entry; the caller cannot.
    /// </summary>
    EntryNotIssuable,

    /// <summary>The CSR is malformed, badly signed, or has an unacceptable key.</summary>
    InvalidCertificateRequest,

    /// <summary>A dependency (issuer keys, store) is temporarily unavailable; the caller may retry.</summary>
    Unavailable,

    /// <summary>
    /// The replay cache cannot hold another record (a bounded in-memory cache at its capacity), so the use of the
    /// evidence could not be recorded and it is refused (fail closed). Nothing is wrong with the evidence: the caller
    /// may retry once records expire.
    /// </summary>
    ReplayCacheFull,
}
