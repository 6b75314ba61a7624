using Bridge.Authority.Exchange;

namespace Bridge.ExchangeFunction.Protocol;

/// <summary>
/// An OAuth error response (RFC 6749 §5.2, RFC 8693 §2.2.2) with a fixed, generic description. Descriptions never
/// echo input and never tell a prober which check failed beyond what the caller needs to fix its request.
/// </summary>
/// <param name="Code">The <c>error</c> code.</param>
/// <param name="Description">The fixed <c>error_description</c>.</param>
/// <param name="StatusCode">The HTTP status.</param>
public sealed record OAuthError(string Code, string Description, int StatusCode)
{
    /// <summary>Malformed or unsupported request parameters.</summary>
    public static readonly OAuthError MalformedRequest = new("invalid_request", "The request is missing a required parameter, includes an unsupported or repeated parameter, or is otherwise malformed.", 400);

    /// <summary>The body is not form-encoded.</summary>
    public static readonly OAuthError WrongContentType = new("invalid_request", "The request body must be application/x-www-form-urlencoded.", 400);

    /// <summary>The body is larger than the service accepts.</summary>
    public static readonly OAuthError BodyTooLarge = new("invalid_request", "The request body is too large.", 413);

    /// <summary>The client stopped sending the body, or sent it too slowly (the server's minimum data rate).</summary>
    public static readonly OAuthError RequestTimeout = new("invalid_request", "The request body was not received in time.", 408);

    /// <summary>A grant type other than token exchange.</summary>
    public static readonly OAuthError UnsupportedGrantType = new("unsupported_grant_type", "The grant type is not supported.", 400);

    /// <summary>A requested token type Bridge does not issue.</summary>
    public static readonly OAuthError UnsupportedRequestedTokenType = new("invalid_request", "The requested token type is not supported.", 400);

    /// <summary>No attestor for the subject token type.</summary>
    public static readonly OAuthError UnsupportedSubjectTokenType = new("invalid_request", "The subject token type is not supported.", 400);

    /// <summary>
    /// The subject token was not verified, was already used, or gives no identity. One answer for all three, so a
    /// caller cannot probe which registrations exist.
    /// </summary>
    public static readonly OAuthError SubjectTokenRejected = new("invalid_request", "The subject token is invalid or not acceptable.", 400);

    /// <summary>Several identities apply and none was named.</summary>
    public static readonly OAuthError AmbiguousIdentity = new("invalid_request", "More than one identity is available; name the one wanted with the resource parameter.", 400);

    /// <summary>A JWT-SVID request without an audience.</summary>
    public static readonly OAuthError AudienceRequired = new("invalid_request", "A JWT-SVID request needs at least one audience.", 400);

    /// <summary>The CSR is unusable.</summary>
    public static readonly OAuthError InvalidCertificateRequest = new("invalid_request", "The certificate signing request is invalid or uses an unsupported key.", 400);

    /// <summary>The named resource is not a SPIFFE ID this caller can get.</summary>
    public static readonly OAuthError ResourceNotAvailable = new("invalid_target", "The requested resource is not available.", 400);

    /// <summary>A requested audience is not allowed for the identity.</summary>
    public static readonly OAuthError AudienceNotAllowed = new("invalid_target", "A requested audience is not allowed.", 400);

    /// <summary>A dependency is down; the caller may retry.</summary>
    public static readonly OAuthError TemporarilyUnavailable = new("temporarily_unavailable", "The service is temporarily unavailable; retry later.", 503);

    /// <summary>An unexpected fault. Never carries details.</summary>
    public static readonly OAuthError ServerError = new("server_error", "The server encountered an unexpected condition.", 500);

    /// <summary>Maps a protocol-neutral failure to its OAuth error.</summary>
    public static OAuthError From(ExchangeFailureKind failure) => failure switch
    {
        ExchangeFailureKind.UnsupportedTokenType => UnsupportedSubjectTokenType,
        ExchangeFailureKind.EvidenceRejected or ExchangeFailureKind.Replayed or ExchangeFailureKind.NotRegistered => SubjectTokenRejected,
        ExchangeFailureKind.AmbiguousIdentity => AmbiguousIdentity,
        // An entry that cannot be issued is the operator's to fix, but a 5xx would invite retries that cannot succeed;
        // the caller learns only that the identity is not available (the audit log names the entry).
        ExchangeFailureKind.IdentityNotAvailable or ExchangeFailureKind.EntryNotIssuable => ResourceNotAvailable,
        ExchangeFailureKind.AudienceRequired => AudienceRequired,
        ExchangeFailureKind.AudienceNotAllowed => AudienceNotAllowed,
        ExchangeFailureKind.InvalidCertificateRequest => InvalidCertificateRequest,
        ExchangeFailureKind.Unavailable or ExchangeFailureKind.ReplayCacheFull => TemporarilyUnavailable,
        _ => ServerError,
    };
}
