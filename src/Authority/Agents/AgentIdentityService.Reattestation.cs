using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Nodes;
using Bridge.Abstractions.Replay;
using Bridge.Authority.Exchange;
using Bridge.Authority.Issuance.X509;
using Bridge.Protocol;

namespace Bridge.Authority.Agents;

public sealed partial class AgentIdentityService
{
    // Only the AWS STS profile of the OIDC attestor emits "aws:" selectors (generic issuers emit "oidc:", EKS "k8s:"), so
    // this selector proves both the profile and that STS saw the token requested from the instance's role credentials.
    private const string StsSelectorType = "aws";
    private const string StsInstanceSelectorPrefix = "ec2-instance:";

    /// <summary>
    /// The node already has a record (not stale: the store would have replaced it). It is replaced only when this is
    /// a safe re-attestation, with an update at the read revision so a concurrent writer makes this attempt fail.
    /// </summary>
    private async Task<AgentIdentityResult> ReattestAsync(
        NodeRecord attempted, AttestedNode node, string? webIdentityToken, X509SvidIssuance svid, CancellationToken cancellationToken)
    {
        var agentId = attempted.AgentId.ToString();
        var existing = await _nodes.GetAsync(attempted.AgentId, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            // Evicted between the two calls: the agent retries and its attestation is then a first one.
            Log.AttestationRaceLost(_logger, agentId, NodeWriteStatus.NotFound);
            return AgentIdentityResult.Fail(AgentIdentityFailure.AlreadyAttested);
        }

        if (existing.Banned)
        {
            Log.BannedNodeRefused(_logger, agentId, "attestation");
            return AgentIdentityResult.Fail(AgentIdentityFailure.Banned);
        }

        ReattestationReason reason;
        if (existing.EvidenceIssuedAt is { } recorded && node.EvidenceIssuedAt > recorded)
        {
            // IMDS re-signs the identity document only at launch and stop/start: newer evidence means the node restarted.
            reason = ReattestationReason.NewerEvidence;
        }
        else if (webIdentityToken is not null)
        {
            var proof = await VerifyWebIdentityTokenAsync(webIdentityToken, node, agentId, cancellationToken).ConfigureAwait(false);
            if (proof != AgentIdentityFailure.None)
            {
                return AgentIdentityResult.Fail(proof);
            }

            reason = ReattestationReason.WebIdentityToken;
        }
        else
        {
            // SPIRE: "attestation data has already been used to attest an agent".
            Log.AlreadyAttested(_logger, agentId, attempted.AttestationFingerprint);
            return AgentIdentityResult.Fail(AgentIdentityFailure.AlreadyAttested);
        }

        var replacement = attempted with { FirstAttestedAt = existing.FirstAttestedAt, Revision = existing.Revision };
        var updated = await _nodes.UpdateAsync(replacement, cancellationToken).ConfigureAwait(false);
        switch (updated.Status)
        {
            case NodeWriteStatus.Succeeded when updated.Node is not null:
                Log.NodeReattested(_logger, agentId, reason, attempted.SvidSerialNumber, svid.ExpiresAt);
                return AgentIdentityResult.Issued(updated.Node, svid);
            case NodeWriteStatus.Banned:
                Log.BannedNodeRefused(_logger, agentId, "attestation");
                return AgentIdentityResult.Fail(AgentIdentityFailure.Banned);
            default:
                Log.AttestationRaceLost(_logger, agentId, updated.Status);
                return AgentIdentityResult.Fail(AgentIdentityFailure.AlreadyAttested);
        }
    }

    /// <summary>
    /// Checks a fresh STS <c>GetWebIdentityToken</c> JWT with the service's own OIDC attestor (signature, issuer,
    /// audience, lifetime) and requires its <c>ec2_source_instance_arn</c> to name the attested node; records the token's
    /// use so it proves presence once.
    /// </summary>
    private async Task<AgentIdentityFailure> VerifyWebIdentityTokenAsync(
        string token, AttestedNode node, string agentId, CancellationToken cancellationToken)
    {
        var attestor = _attestors.Find(TokenTypeUris.Jwt);
        if (node.ResourceArn is null || attestor is null)
        {
            Log.ReattestationRefused(_logger, agentId, "no STS attestor or no resource ARN to compare");
            return AgentIdentityFailure.AlreadyAttested;
        }

        var result = await attestor.AttestAsync(new AttestationRequest(token, TokenTypeUris.Jwt), cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            if (result.FailureKind == AttestationFailureKind.Unavailable)
            {
                Log.ReattestationRefused(_logger, agentId, "the token issuer's keys are unavailable");
                return AgentIdentityFailure.Unavailable;
            }

            Log.ReattestationRefused(_logger, agentId, "web identity token rejected: " + result.FailureKind);
            return AgentIdentityFailure.AlreadyAttested;
        }

        var expected = new Selector(StsSelectorType, StsInstanceSelectorPrefix + node.ResourceArn);
        if (!result.Identity.Selectors.Contains(expected))
        {
            Log.ReattestationRefused(_logger, agentId, "web identity token does not name the instance or is not from an STS issuer");
            return AgentIdentityFailure.AlreadyAttested;
        }

        // Recorded under the same key as at /token: one token proves presence once, wherever it is spent.
        var identity = result.Identity;
        var use = await _replayCache.TryUseAsync(
            identity.ReplayKey, identity.ExpiresAt + ExchangeService.ReplayRetentionMargin, ReplayPolicy.SingleUse, cancellationToken)
            .ConfigureAwait(false);
        switch (use)
        {
            case ReplayUseResult.Accepted:
                return AgentIdentityFailure.None;
            case ReplayUseResult.Full:
                Log.ReattestationRefused(_logger, agentId, "replay cache full");
                return AgentIdentityFailure.Unavailable;
            default:
                Log.ReattestationRefused(_logger, agentId, "web identity token already used");
                return AgentIdentityFailure.AlreadyAttested;
        }
    }

    /// <summary>Why an existing node record was replaced, for the audit event.</summary>
    internal enum ReattestationReason
    {
        /// <summary>The evidence was issued after the recorded evidence: the node was restarted.</summary>
        NewerEvidence,

        /// <summary>A fresh STS web identity token from the instance proved the caller runs on it now.</summary>
        WebIdentityToken,
    }
}
