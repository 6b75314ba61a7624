using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Nodes;
using Bridge.Authority.Issuance.X509;
using Microsoft.Extensions.Logging;

namespace Bridge.Authority.Agents;

public sealed partial class AgentIdentityService
{
    /// <summary>Audit events of node attestation and renewal (event IDs 2400–2419). Never evidence, CSRs or tokens.</summary>
    private static partial class Log
    {
        [LoggerMessage(2400, LogLevel.Information, "Node attested (first use): agent {AgentId}, attestor {Attestor}, fingerprint {Fingerprint}, serial {SerialNumber}, expires {ExpiresAt:O}")]
        public static partial void NodeAttested(ILogger logger, string agentId, string attestor, string fingerprint, string serialNumber, DateTimeOffset expiresAt);

        [LoggerMessage(2401, LogLevel.Information, "Node re-attested ({Reason}): agent {AgentId}, serial {SerialNumber}, expires {ExpiresAt:O}")]
        public static partial void NodeReattested(ILogger logger, string agentId, ReattestationReason reason, string serialNumber, DateTimeOffset expiresAt);

        [LoggerMessage(2402, LogLevel.Warning, "Attestation refused: the attestation data has already been used to attest agent {AgentId} (fingerprint {Fingerprint}) and this is no safe re-attestation; evict the node to let it attest again")]
        public static partial void AlreadyAttested(ILogger logger, string agentId, string fingerprint);

        [LoggerMessage(2403, LogLevel.Warning, "Refused for banned node: agent {AgentId}, {Operation}")]
        public static partial void BannedNodeRefused(ILogger logger, string agentId, string operation);

        [LoggerMessage(2404, LogLevel.Warning, "Node attestation failed: attestor {Attestor}, failure {FailureKind}, detail {Detail}")]
        public static partial void NodeAttestationFailed(ILogger logger, string attestor, AttestationFailureKind failureKind, string? detail);

        [LoggerMessage(2405, LogLevel.Warning, "Node attestation refused: no node attestor named {Attestor}")]
        public static partial void UnknownNodeAttestor(ILogger logger, string attestor);

        [LoggerMessage(2406, LogLevel.Warning, "Agent certificate request rejected: {Failure}, agent {AgentId}")]
        public static partial void CertificateRequestRejected(ILogger logger, string agentId, X509SvidFailure failure);

        [LoggerMessage(2407, LogLevel.Warning, "Re-attestation refused: agent {AgentId}, {Reason}")]
        public static partial void ReattestationRefused(ILogger logger, string agentId, string reason);

        [LoggerMessage(2408, LogLevel.Warning, "Attestation refused: a concurrent attestation of agent {AgentId} won ({Status}); nothing was returned")]
        public static partial void AttestationRaceLost(ILogger logger, string agentId, NodeWriteStatus status);

        [LoggerMessage(2409, LogLevel.Information, "Agent SVID renewed: agent {AgentId}, pending serial {SerialNumber}, expires {ExpiresAt:O}")]
        public static partial void AgentSvidRenewed(ILogger logger, string agentId, string serialNumber, DateTimeOffset expiresAt);

        [LoggerMessage(2410, LogLevel.Warning, "Renewal refused: a concurrent write to agent {AgentId} won ({Status}); the agent may retry")]
        public static partial void RenewalRaceLost(ILogger logger, string agentId, NodeWriteStatus status);

        [LoggerMessage(2411, LogLevel.Error, "Dependency failed during attestation or renewal of agent {AgentId}; answered temporarily_unavailable")]
        public static partial void DependencyFailed(ILogger logger, string agentId, Exception exception);
    }
}
