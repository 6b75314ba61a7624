using Bridge.Spiffe.Id;

namespace Bridge.Agent.Node;

/// <summary>Public facts about the current agent SVID.</summary>
/// <param name="AgentId">The agent ID, e.g. <c>spiffe://example.org/bridge/agent/aws_iid/123456789012/us-east-1/i-0abc</c>.</param>
/// <param name="ExpiresAt">The agent SVID's NotAfter.</param>
/// <param name="RenewAfter">When the agent will renew it (about half its lifetime, with jitter).</param>
public sealed record AgentIdentityState(SpiffeId AgentId, DateTimeOffset ExpiresAt, DateTimeOffset RenewAfter);
