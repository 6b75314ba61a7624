namespace Bridge.Spiffe.Svid.Jwt;

/// <summary>Why a JWT-SVID is rejected. Stable strings: tests, logs and docs quote them. None echoes token content.</summary>
internal static class JwtSvidErrors
{
    public const string Empty = "token is empty";
    public const string TooLarge = "token exceeds the size limit";
    public const string NotCompact = "token is not a JWS compact serialization with three non-empty parts";
    public const string MalformedHeader = "token header is not a base64url-encoded JSON object";
    public const string DuplicateHeaderMember = "token header has a duplicate member name";
    public const string MissingAlgorithm = "token header has no alg";
    public const string UnsupportedAlgorithm = "token alg is not one of RS256, RS384, RS512, ES256, ES384, ES512, PS256, PS384, PS512";
    public const string UnexpectedHeader = "token header has a parameter other than alg, kid and typ";
    public const string BadType = "token header typ is neither JWT nor JOSE";
    public const string MissingKeyId = "token header has no kid";
    public const string MalformedPayload = "token payload is not a base64url-encoded JSON object";
    public const string DuplicateClaim = "token payload has a duplicate claim name";
    public const string MissingSubject = "token has no sub claim";
    public const string InvalidSubject = "token sub claim is not a valid SPIFFE ID";
    public const string NoBundle = "no JWT bundle for the subject's trust domain";
    public const string UnknownKeyId = "token kid is not in the bundle of the subject's trust domain";
    public const string KeyMismatch = "token alg does not match the type of the key it names";
    public const string MalformedSignature = "token signature is not base64url or has the wrong length";
    public const string BadSignature = "token signature is invalid";
    public const string MissingExpiry = "token has no exp claim";
    public const string BadExpiry = "token exp claim is not an integer NumericDate";
    public const string Expired = "token has expired";
    public const string BadNotBefore = "token nbf claim is not an integer NumericDate";
    public const string NotYetValid = "token is not valid yet";
    public const string BadIssuedAt = "token iat claim is not an integer NumericDate";
    public const string IssuedInFuture = "token was issued in the future";
    public const string MissingAudience = "token has no aud claim";
    public const string BadAudience = "token aud claim must be a string or a non-empty array of strings";
    public const string AudienceMismatch = "token aud claim does not contain the expected audience";
}
