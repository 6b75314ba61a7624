using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Bridge.Abstractions;
using Bridge.Abstractions.Jose;
using Bridge.Abstractions.Nodes;
using Bridge.Abstractions.Registration;
using Bridge.Abstractions.Replay;
using Bridge.Authority.Bundles;
using Bridge.Spiffe.Bundle.X509;
using Bridge.Spiffe.Id;
using Bridge.Spiffe.Svid.X509;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Agents;

/// <summary>
/// Proof-of-possession authentication of agent calls (docs/agent-api.md): a compact JWS of type
/// <see cref="AssertionType"/> signed with the agent SVID's key, carrying the SVID chain in <c>x5c</c>, bound to the
/// service (<c>aud</c>), the request (<c>htm</c>, <c>htp</c>) and a short time window, and used once (<c>jti</c>). The
/// chain must lead to Bridge's own current X.509 bundle, and the leaf must be the node's current or pending agent SVID.
/// </summary>
public sealed partial class AgentAssertionAuthenticator : IAgentAuthenticator
{
    /// <summary>The <c>typ</c> header of an agent assertion.</summary>
    public const string AssertionType = "bridge-agent+jwt";

    /// <summary>The prefix of replay-cache keys of assertions, apart from the evidence keys of <c>/token</c>.</summary>
    public const string ReplayKeyPrefix = "agent-pop:";

    /// <summary>The largest assertion accepted: room for an RSA-4096 chain of a few certificates.</summary>
    public const int MaxAssertionLength = 32 * 1024;

    /// <summary>The most certificates <c>x5c</c> may hold (leaf and intermediates).</summary>
    public const int MaxChainLength = 4;

    /// <summary>The longest <c>jti</c>.</summary>
    public const int MaxTokenIdLength = 128;

    /// <summary>The longest an assertion may live (<c>exp</c> − <c>iat</c>).</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromSeconds(60);

    private readonly TrustBundleProvider _bundle;
    private readonly INodeStore _nodes;
    private readonly IReplayCache _replayCache;
    private readonly string _audience;
    private readonly TimeSpan _clockSkew;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentAssertionAuthenticator> _logger;

    /// <summary>Creates the authenticator.</summary>
    public AgentAssertionAuthenticator(
        TrustBundleProvider bundle,
        INodeStore nodes,
        IReplayCache replayCache,
        IOptions<AuthorityOptions> authorityOptions,
        IOptions<AgentOptions> options,
        TimeProvider timeProvider,
        ILogger<AgentAssertionAuthenticator> logger)
    {
        _bundle = bundle;
        _nodes = nodes;
        _replayCache = replayCache;

        // The service's public issuer URL names it everywhere else (JWT-SVID iss, discovery): agents address it so too.
        _audience = authorityOptions.Value.Issuer;
        _clockSkew = options.Value.ClockSkew;
        _time = timeProvider;
        _logger = logger;
    }

    /// <inheritdoc/>
    public async ValueTask<AgentAuthenticationResult> AuthenticateAsync(AgentCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (string.IsNullOrEmpty(call.Assertion))
        {
            return Fail(AgentAuthenticationFailure.Missing, "no BridgeAgent assertion", null);
        }

        if (!CompactJws.TryParse(call.Assertion, MaxAssertionLength, out var jws, out _, out var detail, allowCertificateChain: true))
        {
            return Fail(AgentAuthenticationFailure.Malformed, detail, null);
        }

        X509Certificate2[]? chain = null;
        try
        {
            using (jws)
            {
                var (checkedAssertion, failure, reason) = CheckAssertion(jws, call, out chain);
                if (checkedAssertion is not { } assertion)
                {
                    return Fail(failure, reason, null);
                }

                return await AuthenticateNodeAsync(assertion, chain!, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DependencyUnavailableException ex)
        {
            Log.DependencyFailed(_logger, ex);
            return AgentAuthenticationResult.Fail(AgentAuthenticationFailure.Unavailable, "a dependency is unavailable");
        }
        finally
        {
            foreach (var certificate in chain ?? [])
            {
                certificate.Dispose();
            }
        }
    }

    /// <summary>Everything the assertion shows by itself: shape, binding to this call, time window, signature.</summary>
    private (AgentAssertion? Assertion, AgentAuthenticationFailure Failure, string? Detail) CheckAssertion(
        CompactJws jws, AgentCall call, out X509Certificate2[]? chain)
    {
        chain = null;
        var algorithm = AgentAssertionFormat.FindAlgorithm(jws.Algorithm);
        if (algorithm is null)
        {
            return (null, AgentAuthenticationFailure.Malformed, "alg is not ES256, ES384 or RS256");
        }

        if (!AgentAssertionFormat.HasType(jws.Header.RootElement, AssertionType))
        {
            return (null, AgentAuthenticationFailure.Malformed, "typ is not " + AssertionType);
        }

        chain = AgentAssertionFormat.ReadChain(jws.Header.RootElement, MaxChainLength);
        if (chain is null)
        {
            return (null, AgentAuthenticationFailure.Malformed, "x5c is not 1-4 base64 DER certificates");
        }

        if (!AgentAssertionFormat.TryReadClaims(jws.Payload.RootElement, MaxTokenIdLength, out var assertion, out var detail))
        {
            return (null, AgentAuthenticationFailure.Malformed, detail);
        }

        if (!string.Equals(assertion.Audience, _audience, StringComparison.Ordinal))
        {
            return (null, AgentAuthenticationFailure.Malformed, "aud is not this service");
        }

        if (!string.Equals(assertion.Method, call.Method, StringComparison.Ordinal)
            || !string.Equals(assertion.Path, call.Path, StringComparison.Ordinal))
        {
            return (null, AgentAuthenticationFailure.Malformed, "htm or htp does not match the request");
        }

        var now = _time.GetUtcNow();
        if (assertion.ExpiresAt <= assertion.IssuedAt || assertion.ExpiresAt - assertion.IssuedAt > MaxLifetime)
        {
            return (null, AgentAuthenticationFailure.Expired, "lifetime is not between 1 and 60 seconds");
        }

        if (assertion.IssuedAt > now + _clockSkew || assertion.ExpiresAt + _clockSkew <= now)
        {
            return (null, AgentAuthenticationFailure.Expired, "outside its time window");
        }

        if (!AgentAssertionFormat.VerifySignature(call.Assertion!, algorithm, chain[0]))
        {
            return (null, AgentAuthenticationFailure.InvalidSignature, "signature does not verify with the leaf key");
        }

        return (assertion, AgentAuthenticationFailure.None, null);
    }

    /// <summary>The SVID: chain to Bridge's bundle, an agent ID, the node's current or pending serial; then the jti's single use.</summary>
    private async ValueTask<AgentAuthenticationResult> AuthenticateNodeAsync(
        AgentAssertion assertion, X509Certificate2[] chain, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (now < chain[0].NotBefore || now > chain[0].NotAfter)
        {
            return Fail(AgentAuthenticationFailure.Expired, "the agent SVID is expired or not yet valid", null);
        }

        var roots = await _bundle.GetX509AuthoritiesAsync(cancellationToken).ConfigureAwait(false);
        var verification = X509SvidVerifier.Verify(chain, new X509Bundle(_bundle.TrustDomain, roots), now);
        if (!verification.IsValid)
        {
            return Fail(AgentAuthenticationFailure.InvalidSignature, verification.Error, null);
        }

        var agentId = verification.Id;
        if (!agentId.MemberOf(_bundle.TrustDomain) || !BridgeIds.IsAgent(agentId))
        {
            return Fail(AgentAuthenticationFailure.NotAnAgent, "the SVID is not an agent ID", agentId.ToString());
        }

        var serial = chain[0].SerialNumber.ToLowerInvariant();
        var node = await _nodes.GetAsync(agentId, cancellationToken).ConfigureAwait(false);
        if (node is null)
        {
            return Fail(AgentAuthenticationFailure.UnknownNode, "no node record", agentId.ToString());
        }

        if (node.Banned)
        {
            return Fail(AgentAuthenticationFailure.Banned, "the node is banned", agentId.ToString());
        }

        if (!IsCurrentOrPending(node, serial))
        {
            return Fail(AgentAuthenticationFailure.SerialMismatch, "the SVID is neither the current nor the pending one", agentId.ToString());
        }

        // Recorded last, so that only an assertion that verified in full can use up a slot in the cache.
        var use = await _replayCache.TryUseAsync(
            ReplayKey(agentId, assertion.TokenId), assertion.ExpiresAt + _clockSkew, ReplayPolicy.SingleUse, cancellationToken)
            .ConfigureAwait(false);
        if (use != ReplayUseResult.Accepted)
        {
            return use == ReplayUseResult.Full
                ? Fail(AgentAuthenticationFailure.Unavailable, "replay cache full", agentId.ToString())
                : Fail(AgentAuthenticationFailure.Replayed, "jti already used", agentId.ToString());
        }

        return string.Equals(node.SvidSerialNumber, serial, StringComparison.Ordinal)
            ? AgentAuthenticationResult.Success(node)
            : await PromoteAsync(node, serial, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The agent presented its pending SVID, so it received the renewal: the pending serial becomes the current one and
    /// the old SVID stops authenticating. A conditional update; a concurrent writer makes it re-read and decide again.
    /// </summary>
    private async ValueTask<AgentAuthenticationResult> PromoteAsync(NodeRecord node, string serial, CancellationToken cancellationToken)
    {
        var agentId = node.AgentId.ToString();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var promoted = node with { SvidSerialNumber = serial, PendingSvidSerialNumber = null };
            var result = await _nodes.UpdateAsync(promoted, cancellationToken).ConfigureAwait(false);
            if (result is { Status: NodeWriteStatus.Succeeded, Node: { } stored })
            {
                Log.PendingSerialPromoted(_logger, agentId, serial);
                return AgentAuthenticationResult.Success(stored);
            }

            if (result.Status == NodeWriteStatus.Banned)
            {
                return Fail(AgentAuthenticationFailure.Banned, "the node is banned", agentId);
            }

            var current = await _nodes.GetAsync(node.AgentId, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return Fail(AgentAuthenticationFailure.UnknownNode, "no node record", agentId);
            }

            if (current.Banned)
            {
                return Fail(AgentAuthenticationFailure.Banned, "the node is banned", agentId);
            }

            if (string.Equals(current.SvidSerialNumber, serial, StringComparison.Ordinal))
            {
                return AgentAuthenticationResult.Success(current);
            }

            if (!string.Equals(current.PendingSvidSerialNumber, serial, StringComparison.Ordinal))
            {
                return Fail(AgentAuthenticationFailure.SerialMismatch, "the SVID was superseded during promotion", agentId);
            }

            node = current;
        }

        return Fail(AgentAuthenticationFailure.Unavailable, "the node record kept changing during promotion", agentId);
    }

    private static bool IsCurrentOrPending(NodeRecord node, string serial) =>
        string.Equals(node.SvidSerialNumber, serial, StringComparison.Ordinal)
        || string.Equals(node.PendingSvidSerialNumber, serial, StringComparison.Ordinal);

    /// <summary>
    /// One key per agent and jti, hashed so its length is fixed whatever the agent chose: one agent's jti never blocks
    /// another's, and the cache never holds caller text.
    /// </summary>
    internal static string ReplayKey(SpiffeId agentId, string tokenId)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(agentId + "\n" + tokenId));
        return ReplayKeyPrefix + Base64Url.EncodeToString(digest);
    }

    private AgentAuthenticationResult Fail(AgentAuthenticationFailure failure, string? detail, string? agentId)
    {
        if (failure is AgentAuthenticationFailure.Banned)
        {
            Log.BannedAgentRefused(_logger, agentId ?? "unknown");
        }
        else
        {
            Log.AuthenticationFailed(_logger, failure, agentId ?? "unverified", detail ?? string.Empty);
        }

        return AgentAuthenticationResult.Fail(failure, detail);
    }
}
