namespace Bridge.ExchangeFunction.Endpoints.Agents;

/// <summary>
/// The agent API (docs/agent-api.md): versioned JSON routes under <see cref="Prefix"/> on the same function as
/// <c>/token</c>, with the same fault behaviour. Attestation is the only route open to an unauthenticated caller; every
/// other route runs behind <see cref="AgentAuthentication.FilterAsync"/>.
/// </summary>
internal static class AgentApiEndpoints
{
    /// <summary>The path prefix of every agent route; a breaking change gets a new version.</summary>
    public const string Prefix = "/agent/v1";

    public static void MapAgentApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix);
        api.MapAgentAttestation();

        // Routes after this line need a proof-of-possession assertion from an attested agent.
        var authenticated = api.MapGroup(string.Empty).AddEndpointFilter(AgentAuthentication.FilterAsync);
        authenticated.MapAgentRenewal();
        authenticated.MapAgentWorkloadRoutes();
    }
}
