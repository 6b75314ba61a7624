namespace Bridge.Authority.Agents;

/// <summary>The claims of an agent's proof-of-possession assertion, read but not yet trusted.</summary>
/// <param name="Audience">The <c>aud</c>: the service's issuer URL.</param>
/// <param name="IssuedAt">The <c>iat</c>.</param>
/// <param name="ExpiresAt">The <c>exp</c>, at most 60 s after <c>iat</c>.</param>
/// <param name="TokenId">The <c>jti</c>, unique per assertion.</param>
/// <param name="Method">The <c>htm</c>: the HTTP method of the call.</param>
/// <param name="Path">The <c>htp</c>: the path of the call, e.g. <c>/agent/v1/renew</c>.</param>
internal sealed record AgentAssertion(
    string Audience, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string TokenId, string Method, string Path);
