using Bridge.Agent.Server;

namespace Bridge.Agent.Cache;

/// <summary>What one round of X.509-SVID minting produced.</summary>
/// <param name="Minted">The verified SVIDs, by the entry they were minted for.</param>
/// <param name="Refused">Entries the server refused one by one (not retried until they change).</param>
/// <param name="Failure">Why the round stopped early (outage, bad answer, credentials), or null when it finished.</param>
internal sealed record MintOutcome(
    IReadOnlyList<(AuthorizedEntry Entry, X509SvidMaterial Svid)> Minted,
    IReadOnlyList<(AuthorizedEntry Entry, string? Error)> Refused,
    AgentServerException? Failure);
