namespace Bridge.ExchangeFunction.Tests.TestSupport;

/// <summary>The fixed <c>error_description</c> strings of docs/token-exchange.md, copied so a change is noticed.</summary>
internal static class ErrorDescriptions
{
    public const string Malformed = "The request is missing a required parameter, includes an unsupported or repeated parameter, or is otherwise malformed.";
    public const string NotForm = "The request body must be application/x-www-form-urlencoded.";
    public const string TooLarge = "The request body is too large.";
    public const string TimedOut = "The request body was not received in time.";
    public const string GrantType = "The grant type is not supported.";
    public const string RequestedTokenType = "The requested token type is not supported.";
    public const string SubjectTokenType = "The subject token type is not supported.";
    public const string SubjectToken = "The subject token is invalid or not acceptable.";
    public const string Ambiguous = "More than one identity is available; name the one wanted with the resource parameter.";
    public const string AudienceRequired = "A JWT-SVID request needs at least one audience.";
    public const string Csr = "The certificate signing request is invalid or uses an unsupported key.";
    public const string ResourceNotAvailable = "The requested resource is not available.";
    public const string AudienceNotAllowed = "A requested audience is not allowed.";
    public const string Unavailable = "The service is temporarily unavailable; retry later.";
}
