using Bridge.Protocol;

namespace Bridge.Client.Evidence;

/// <summary>
/// One piece of evidence for the exchange: a subject token and its RFC 8693 token-type URI. Tokens are single-use at
/// Bridge, so a provider hands out a fresh one per exchange attempt.
/// </summary>
public sealed class SubjectToken
{
    /// <summary>
    /// The JWT token-type URI (<c>urn:ietf:params:oauth:token-type:jwt</c>), used for STS and EKS tokens: the same
    /// constant as <see cref="TokenTypeUris.Jwt"/>, kept here for callers of this type.
    /// </summary>
    public const string JwtTokenType = TokenTypeUris.Jwt;

    /// <summary>Creates evidence.</summary>
    /// <exception cref="ArgumentException">The token or its type is empty.</exception>
    public SubjectToken(string token, string tokenType = JwtTokenType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenType);
        Token = token;
        TokenType = tokenType;
    }

    /// <summary>The subject token itself. Secret: never log it.</summary>
    public string Token { get; }

    /// <summary>The token-type URI sent as <c>subject_token_type</c>.</summary>
    public string TokenType { get; }

    /// <summary>Describes the evidence without the token, so it cannot leak into logs by accident.</summary>
    public override string ToString() => "SubjectToken(" + TokenType + ")";
}
