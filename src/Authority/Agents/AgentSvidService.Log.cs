using Bridge.Authority.Exchange;
using Bridge.Authority.Issuance.X509;
using Microsoft.Extensions.Logging;

namespace Bridge.Authority.Agents;

public sealed partial class AgentSvidService
{
    /// <summary>Audit events of the agent's workload routes (event IDs 2450–2499). Never a token, a CSR or a key.</summary>
    private static partial class Log
    {
        [LoggerMessage(2450, LogLevel.Debug, "Agent {AgentId} synced {EntryCount} entries, revision {Revision}")]
        public static partial void Synced(ILogger logger, string agentId, int entryCount, string revision);

        [LoggerMessage(2451, LogLevel.Information, "X.509-SVID issued to agent: {SpiffeId}, entry {EntryId}, agent {AgentId}, serial {SerialNumber}, expires {ExpiresAt:O}")]
        public static partial void X509SvidIssued(ILogger logger, string spiffeId, string entryId, string agentId, string serialNumber, DateTimeOffset expiresAt);

        [LoggerMessage(2452, LogLevel.Information, "JWT-SVID issued to agent: {SpiffeId}, entry {EntryId}, agent {AgentId}, jti {TokenId}, expires {ExpiresAt:O}")]
        public static partial void JwtSvidIssued(ILogger logger, string spiffeId, string entryId, string agentId, string tokenId, DateTimeOffset expiresAt);

        [LoggerMessage(2453, LogLevel.Warning, "Agent request refused: agent {AgentId} asked for a {Kind} of entry {EntryId}, which is not in its authorized set; nothing was issued")]
        public static partial void EntryNotAuthorized(ILogger logger, string agentId, string entryId, string kind);

        [LoggerMessage(2454, LogLevel.Warning, "Entry {EntryId} is authorized but cannot be issued ({Reason}); fix the entry. Agent {AgentId}; nothing was issued")]
        public static partial void EntryNotIssuable(ILogger logger, string entryId, string reason, string agentId);

        [LoggerMessage(2455, LogLevel.Warning, "Agent certificate request rejected: {Failure}, request {Index} (entry {EntryId}), agent {AgentId}; nothing in the batch was issued")]
        public static partial void CertificateRequestRejected(ILogger logger, X509SvidFailure failure, int index, string entryId, string agentId);

        [LoggerMessage(2456, LogLevel.Warning, "Agent JWT-SVID refused: {FailureKind}, entry {EntryId}, agent {AgentId}")]
        public static partial void AudienceRefused(ILogger logger, ExchangeFailureKind failureKind, string entryId, string agentId);

        [LoggerMessage(2457, LogLevel.Error, "Dependency {Dependency} failed; the agent request answers temporarily_unavailable")]
        public static partial void DependencyFailed(ILogger logger, string dependency, Exception exception);
    }
}
