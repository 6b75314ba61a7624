namespace Bridge.Agent.Node;

/// <summary>The current agent SVID and key for the agent API client; implemented by the identity service.</summary>
internal interface IAgentCredentialsSource
{
    /// <summary>The current credentials, waiting for the node's first attestation when there are none yet.</summary>
    ValueTask<AgentCredentials> GetCredentialsAsync(CancellationToken cancellationToken);

    /// <summary>The exchange answered 401 to a call made with <paramref name="credentials"/>: attest again if they are still current.</summary>
    void ReportRejected(AgentCredentials credentials);
}
