using Bridge.Abstractions;
using Bridge.Abstractions.Logging;
using Bridge.Abstractions.Nodes;
using Bridge.Abstractions.Registration;
using Bridge.Abstractions.Replay;
using Bridge.Authority.Ca;
using Bridge.Authority.Exchange;
using Bridge.Authority.Issuance.X509;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Agents;

/// <summary>
/// Node attestation and agent SVID renewal (docs/agent-api.md). A node attests once (trust on first use): the first
/// attestation of an agent ID is recorded with one conditional write, so of concurrent attempts exactly one gets an
/// SVID. A later attestation replaces the record only when it is a safe re-attestation (newer evidence, or a fresh STS
/// web identity token naming the node). Afterwards the agent renews with its current SVID; the new serial stays pending
/// until presented, so a lost response never locks the node out. Refusals are values and audit events.
/// </summary>
public sealed partial class AgentIdentityService
{
    // Attestor details are short phrases; the bound only matters for one that quotes what it refused.
    private const int DetailMaxLength = 128;

    private readonly NodeAttestorRegistry _nodeAttestors;
    private readonly INodeStore _nodes;
    private readonly X509SvidIssuer _issuer;
    private readonly X509CertificateAuthority _ca;
    private readonly AttestorRegistry _attestors;
    private readonly IReplayCache _replayCache;
    private readonly AgentOptions _options;
    private readonly TrustDomain _trustDomain;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentIdentityService> _logger;

    /// <summary>Creates the service from its seams.</summary>
    public AgentIdentityService(
        NodeAttestorRegistry nodeAttestors,
        INodeStore nodes,
        X509SvidIssuer issuer,
        X509CertificateAuthority ca,
        AttestorRegistry attestors,
        IReplayCache replayCache,
        IOptions<AuthorityOptions> authorityOptions,
        IOptions<AgentOptions> options,
        TimeProvider timeProvider,
        ILogger<AgentIdentityService> logger)
    {
        _nodeAttestors = nodeAttestors;
        _nodes = nodes;
        _issuer = issuer;
        _ca = ca;
        _attestors = attestors;
        _replayCache = replayCache;
        _options = options.Value;
        _trustDomain = TrustDomain.Parse(authorityOptions.Value.TrustDomain);
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Attests a node and issues its agent SVID: verify the evidence, parse the CSR, issue, then record the node with one
    /// conditional write. An SVID is returned only when that write (or the re-attestation's update) succeeded.
    /// </summary>
    public async Task<AgentIdentityResult> AttestAsync(AgentAttestationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var attestor = _nodeAttestors.Find(request.AttestorName);
        if (attestor is null)
        {
            Log.UnknownNodeAttestor(_logger, LogText.Bounded(request.AttestorName, NodeRecords.MaxAttestorNameLength));
            return AgentIdentityResult.Fail(AgentIdentityFailure.UnknownAttestor);
        }

        var attestation = await attestor.AttestAsync(new NodeAttestationRequest(request.Evidence), cancellationToken).ConfigureAwait(false);
        if (!attestation.Succeeded)
        {
            Log.NodeAttestationFailed(_logger, attestor.Name, attestation.FailureKind, LogText.Bounded(attestation.Detail, DetailMaxLength));
            return AgentIdentityResult.Fail(attestation.FailureKind == Abstractions.Attestation.AttestationFailureKind.Unavailable
                ? AgentIdentityFailure.Unavailable
                : AgentIdentityFailure.EvidenceRejected);
        }

        var node = attestation.Node;
        var agentId = BridgeIds.Agent(_trustDomain, attestor.Name, node.AgentIdSegments);

        // The CSR is checked before anything is signed or written.
        var csrFailure = X509SvidIssuer.TryParseRequest(request.CertificateRequest, out var csr);
        if (csr is null)
        {
            Log.CertificateRequestRejected(_logger, agentId.ToString(), csrFailure);
            return AgentIdentityResult.Fail(AgentIdentityFailure.InvalidCertificateRequest);
        }

        try
        {
            // The record needs the serial, so the SVID is signed first; it leaves this method only if the write succeeds.
            var svid = await IssueAsync(csr, agentId, cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            var record = new NodeRecord
            {
                AgentId = agentId,
                AttestorName = attestor.Name,
                AttestationFingerprint = node.Fingerprint,
                Selectors = node.Selectors,
                EvidenceIssuedAt = node.EvidenceIssuedAt,
                FirstAttestedAt = now,
                LastAttestedAt = now,
                SvidSerialNumber = SerialOf(svid),
                SvidExpiresAt = svid.ExpiresAt,
            };
            var created = await _nodes.TryCreateAsync(record, cancellationToken).ConfigureAwait(false);
            switch (created.Status)
            {
                case NodeWriteStatus.Succeeded when created.Node is not null:
                    Log.NodeAttested(_logger, agentId.ToString(), attestor.Name, node.Fingerprint, record.SvidSerialNumber, svid.ExpiresAt);
                    return AgentIdentityResult.Issued(created.Node, svid);
                case NodeWriteStatus.AlreadyExists:
                    return await ReattestAsync(record, node, request.WebIdentityToken, svid, cancellationToken).ConfigureAwait(false);
                case NodeWriteStatus.Banned:
                    Log.BannedNodeRefused(_logger, agentId.ToString(), "attestation");
                    return AgentIdentityResult.Fail(AgentIdentityFailure.Banned);
                default:
                    Log.AttestationRaceLost(_logger, agentId.ToString(), created.Status);
                    return AgentIdentityResult.Fail(AgentIdentityFailure.AlreadyAttested);
            }
        }
        catch (DependencyUnavailableException ex)
        {
            Log.DependencyFailed(_logger, agentId.ToString(), ex);
            return AgentIdentityResult.Fail(AgentIdentityFailure.Unavailable);
        }
    }

    /// <summary>
    /// Issues a new agent SVID to an authenticated agent and records its serial as pending: until the agent presents the
    /// new SVID, the old one keeps authenticating, so a lost response never locks the node out.
    /// </summary>
    /// <param name="caller">The caller's node record as authentication read it (its revision guards the update).</param>
    /// <param name="certificateRequest">The agent's DER PKCS#10 request (untrusted).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<AgentIdentityResult> RenewAsync(NodeRecord caller, ReadOnlyMemory<byte> certificateRequest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var agentId = caller.AgentId.ToString();
        if (caller.Banned)
        {
            Log.BannedNodeRefused(_logger, agentId, "renewal");
            return AgentIdentityResult.Fail(AgentIdentityFailure.Banned);
        }

        var csrFailure = X509SvidIssuer.TryParseRequest(certificateRequest, out var csr);
        if (csr is null)
        {
            Log.CertificateRequestRejected(_logger, agentId, csrFailure);
            return AgentIdentityResult.Fail(AgentIdentityFailure.InvalidCertificateRequest);
        }

        try
        {
            var svid = await IssueAsync(csr, caller.AgentId, cancellationToken).ConfigureAwait(false);
            var renewed = caller with
            {
                PendingSvidSerialNumber = SerialOf(svid),
                LastAttestedAt = Later(caller.LastAttestedAt, _time.GetUtcNow()),

                // The node holds a usable SVID until the later of the two expires: the record is not stale before.
                SvidExpiresAt = Later(caller.SvidExpiresAt, svid.ExpiresAt),
            };
            var updated = await _nodes.UpdateAsync(renewed, cancellationToken).ConfigureAwait(false);
            switch (updated.Status)
            {
                case NodeWriteStatus.Succeeded when updated.Node is not null:
                    Log.AgentSvidRenewed(_logger, agentId, renewed.PendingSvidSerialNumber!, svid.ExpiresAt);
                    return AgentIdentityResult.Issued(updated.Node, svid);
                case NodeWriteStatus.Banned:
                    Log.BannedNodeRefused(_logger, agentId, "renewal");
                    return AgentIdentityResult.Fail(AgentIdentityFailure.Banned);
                default:
                    // A concurrent renewal, promotion or eviction won; the caller's SVID is unchanged and it may retry.
                    Log.RenewalRaceLost(_logger, agentId, updated.Status);
                    return AgentIdentityResult.Fail(AgentIdentityFailure.Conflict);
            }
        }
        catch (DependencyUnavailableException ex)
        {
            Log.DependencyFailed(_logger, agentId, ex);
            return AgentIdentityResult.Fail(AgentIdentityFailure.Unavailable);
        }
    }

    /// <summary>The agent SVID lifetime: the configured one, bounded by what the intermediate CA allows.</summary>
    private async Task<X509SvidIssuance> IssueAsync(ParsedCsr csr, SpiffeId agentId, CancellationToken cancellationToken)
    {
        var limit = _ca.MaxSvidTtl;
        var ttl = _options.SvidTtl < limit ? _options.SvidTtl : limit;
        return await _issuer.IssueAsync(csr, agentId, [], ttl, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Node records keep serials as lowercase hex; the issuer reports them in uppercase.</summary>
    internal static string SerialOf(X509SvidIssuance svid) => svid.SerialNumber.ToLowerInvariant();

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
