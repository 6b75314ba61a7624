namespace Bridge.Abstractions.Attestation;

/// <summary>Why evidence was not accepted. Mapped to OAuth errors only at the HTTP edge.</summary>
public enum AttestationFailureKind
{
    /// <summary>No failure.</summary>
    None = 0,

    /// <summary>Not parseable as the declared token type: bad encoding, JWE, too large, forbidden headers.</summary>
    Malformed,

    /// <summary>No attestor accepts the declared <c>subject_token_type</c>.</summary>
    UnsupportedTokenType,

    /// <summary>The issuer is not one of the configured, trusted issuers.</summary>
    UntrustedIssuer,

    /// <summary>The signature does not verify, the key is unknown, or the algorithm is not allowed.</summary>
    InvalidSignature,

    /// <summary>The evidence has expired.</summary>
    Expired,

    /// <summary>The evidence is not valid yet (<c>nbf</c> or <c>iat</c> in the future beyond the allowed skew).</summary>
    NotYetValid,

    /// <summary>The evidence lives longer than the configured maximum lifetime.</summary>
    LifetimeTooLong,

    /// <summary>The evidence is not addressed to Bridge.</summary>
    WrongAudience,

    /// <summary>Verified, but a required claim is missing or a configured policy refuses it.</summary>
    PolicyDenied,

    /// <summary>The issuer's keys could not be fetched: a transient condition, not the caller's fault.</summary>
    Unavailable,
}
