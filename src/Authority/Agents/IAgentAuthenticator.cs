namespace Bridge.Authority.Agents;

/// <summary>
/// Authenticates one agent API call by its proof-of-possession assertion: a short JWS signed with the agent SVID's key
/// and carrying its chain (docs/agent-api.md). The exchange runs behind API Gateway, so there is no TLS client
/// certificate to rely on. Bad assertions are a value, not an exception; a store outage is
/// <see cref="AgentAuthenticationFailure.Unavailable"/>.
/// </summary>
public interface IAgentAuthenticator
{
    /// <summary>Verifies the assertion of <paramref name="call"/> and returns the caller's current node record.</summary>
    ValueTask<AgentAuthenticationResult> AuthenticateAsync(AgentCall call, CancellationToken cancellationToken);
}
