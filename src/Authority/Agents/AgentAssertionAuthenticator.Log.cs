using Microsoft.Extensions.Logging;

namespace Bridge.Authority.Agents;

public sealed partial class AgentAssertionAuthenticator
{
    /// <summary>Audit events of agent authentication (event IDs 2420–2439). Never the assertion or its signature.</summary>
    private static partial class Log
    {
        [LoggerMessage(2420, LogLevel.Warning, "Agent authentication failed: {Failure}, agent {AgentId}, {Detail}")]
        public static partial void AuthenticationFailed(ILogger logger, AgentAuthenticationFailure failure, string agentId, string detail);

        [LoggerMessage(2421, LogLevel.Warning, "Agent authentication refused: agent {AgentId} is banned")]
        public static partial void BannedAgentRefused(ILogger logger, string agentId);

        [LoggerMessage(2422, LogLevel.Information, "Agent {AgentId} presented its renewed SVID: serial {SerialNumber} is now current")]
        public static partial void PendingSerialPromoted(ILogger logger, string agentId, string serialNumber);

        [LoggerMessage(2423, LogLevel.Error, "Dependency failed during agent authentication; answered temporarily_unavailable")]
        public static partial void DependencyFailed(ILogger logger, Exception exception);
    }
}
