namespace Bridge.Agent.Node;

/// <summary>The node's agent SVID as far as others need to know it (the health endpoint, logs): never its key.</summary>
public interface IAgentIdentity
{
    /// <summary>The current agent SVID's state, or null before the node's first attestation succeeded.</summary>
    AgentIdentityState? Current { get; }
}
