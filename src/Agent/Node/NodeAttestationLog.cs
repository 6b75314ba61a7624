namespace Bridge.Agent.Node;

/// <summary>
/// Log events of node attestation, the agent SVID and the agent API client (ids 8100–8149). They name the agent ID,
/// serials, expiries and statuses; never a key, an instance identity document, a token or an assertion.
/// </summary>
internal static partial class NodeAttestationLog
{
    [LoggerMessage(8100, LogLevel.Information, "Node attested with {Attestor}: agent {AgentId}, SVID serial {SerialNumber}, expires {ExpiresAt:O}")]
    public static partial void Attested(ILogger logger, string attestor, string agentId, string serialNumber, DateTimeOffset expiresAt);

    [LoggerMessage(8101, LogLevel.Information, "Agent SVID loaded from {DataDirectory}: agent {AgentId}, serial {SerialNumber}, expires {ExpiresAt:O}; no attestation needed")]
    public static partial void Loaded(ILogger logger, string dataDirectory, string agentId, string serialNumber, DateTimeOffset expiresAt);

    [LoggerMessage(8102, LogLevel.Information, "Agent SVID renewed: agent {AgentId}, serial {SerialNumber}, expires {ExpiresAt:O}")]
    public static partial void Renewed(ILogger logger, string agentId, string serialNumber, DateTimeOffset expiresAt);

    [LoggerMessage(8103, LogLevel.Warning, "Re-attesting the node ({Reason})")]
    public static partial void Reattesting(ILogger logger, string reason);

    [LoggerMessage(8104, LogLevel.Warning, "Attestation failed ({Failure}, HTTP {StatusCode}): {Message}; retrying in {Delay}")]
    public static partial void AttestationFailed(ILogger logger, string failure, int? statusCode, string message, TimeSpan delay);

    [LoggerMessage(8105, LogLevel.Warning, "Renewal of agent {AgentId} failed ({Failure}, HTTP {StatusCode}): {Message}; keeping serial {SerialNumber} (expires {ExpiresAt:O}), retrying in {Delay}")]
    public static partial void RenewalFailed(ILogger logger, string agentId, string failure, int? statusCode, string message, string serialNumber, DateTimeOffset expiresAt, TimeSpan delay);

    [LoggerMessage(8106, LogLevel.Warning, "Node evidence unavailable: {Message}; retrying in {Delay}")]
    public static partial void EvidenceFailed(ILogger logger, string message, TimeSpan delay);

    [LoggerMessage(8107, LogLevel.Warning, "The stored agent SVID in {DataDirectory} is unusable ({Reason}); attesting again")]
    public static partial void StoredIdentityUnusable(ILogger logger, string dataDirectory, string reason);

    [LoggerMessage(8108, LogLevel.Error, "The agent SVID could not be saved in {DataDirectory}: {Message}")]
    public static partial void SaveFailed(ILogger logger, string dataDirectory, string message);

    [LoggerMessage(8109, LogLevel.Warning, "The exchange refused agent {AgentId}'s SVID (serial {SerialNumber}) with 401")]
    public static partial void SvidRefused(ILogger logger, string agentId, string serialNumber);

    [LoggerMessage(8110, LogLevel.Debug, "Agent API {Method} {Path}: HTTP {StatusCode}")]
    public static partial void Call(ILogger logger, string method, string path, int statusCode);

    [LoggerMessage(8111, LogLevel.Warning, "Agent API {Method} {Path} failed: {Failure}, HTTP {StatusCode}")]
    public static partial void CallFailed(ILogger logger, string method, string path, string failure, int? statusCode);

    [LoggerMessage(8112, LogLevel.Information, "The exchange's issuer is {Issuer} (from its discovery document)")]
    public static partial void IssuerDiscovered(ILogger logger, string issuer);

    [LoggerMessage(8113, LogLevel.Warning, "No STS web identity token for the re-attestation: {Message}; attesting without one")]
    public static partial void WebIdentityTokenFailed(ILogger logger, string message);

    [LoggerMessage(8114, LogLevel.Error, "The agent SVID of {AgentId} expired at {ExpiresAt:O} and could not be renewed; attesting again")]
    public static partial void Expired(ILogger logger, string agentId, DateTimeOffset expiresAt);
}
