namespace Bridge.Agent.Server;

/// <summary>
/// The authenticated workload routes of the agent API (docs/agent-api.md): every call carries a fresh
/// <c>BridgeAgent</c> proof-of-possession assertion signed with the current agent SVID's key, so callers never see the
/// agent's credentials. Waits for the node's first attestation when there is none yet.
/// </summary>
public interface IAgentServerClient
{
    /// <summary>
    /// <c>GET /agent/v1/entries</c>: the authorized entries and the trust bundle, or null when
    /// <paramref name="knownRevision"/> is still current (304).
    /// </summary>
    /// <exception cref="AgentServerException">The server refused the call, failed, or answered something unusable.</exception>
    ValueTask<EntriesSync?> GetEntriesAsync(string? knownRevision, CancellationToken cancellationToken);

    /// <summary><c>POST /agent/v1/x509-svids</c>: 1–50 SVIDs, all or nothing, in request order.</summary>
    /// <exception cref="AgentServerException">The server refused the batch, failed, or answered something unusable.</exception>
    ValueTask<IReadOnlyList<MintedX509Svid>> MintX509SvidsAsync(IReadOnlyList<X509SvidMintRequest> requests, CancellationToken cancellationToken);

    /// <summary><c>POST /agent/v1/jwt-svids</c>: one JWT-SVID of an authorized entry for the given audiences.</summary>
    /// <exception cref="AgentServerException">The server refused the request, failed, or answered something unusable.</exception>
    ValueTask<MintedJwtSvid> MintJwtSvidAsync(string entryId, IReadOnlyList<string> audience, CancellationToken cancellationToken);
}
