using System.Security.Cryptography;
using System.Text;
using Bridge.Abstractions;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Jose;
using Bridge.Abstractions.Nodes;
using Bridge.Abstractions.Replay;
using Bridge.Attestors.Oidc;
using Bridge.Attestors.Oidc.Profiles;
using Bridge.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Attestors.AwsSts;

/// <summary>
/// The <c>aws_sts</c> node attestor, for agents on ECS Fargate (no instance metadata service, so no identity document):
/// the evidence is a fresh STS <c>GetWebIdentityToken</c> JWT requested with the task role's credentials. The token is
/// verified by the service's own OIDC attestor (signature from the issuer's JWKS, exact issuer, Bridge's audience,
/// lifetime) and must come from an issuer of the <c>AwsSts</c> profile; its role and account must be allowed; and it is
/// spent in the replay cache under the same key as at <c>/token</c>, so one token attests one node once. The token names
/// no task (docs/attestors/aws-sts.md), so every attestation is a new node: there is no trust on first use to lean on,
/// and none is needed because the evidence is fresh and single use.
/// </summary>
public sealed class AwsStsNodeAttestor : INodeAttestor
{
    /// <summary>The attestor name, the first agent ID segment after <c>/bridge/agent/</c>.</summary>
    public const string AttestorName = "aws_sts";

    /// <summary>
    /// How long a replay record outlives the token's <c>exp</c>: the OIDC attestor accepts a token up to its issuer's
    /// clock skew past expiry. Equal to the exchange's margin (a test keeps them equal).
    /// </summary>
    public static readonly TimeSpan ReplayRetentionMargin = TimeSpan.FromSeconds(60);

    // The selectors of the OIDC attestor's AwsSts profile: only that profile emits type "aws", so the account selector
    // proves the token came from an STS issuer (generic issuers emit "oidc:", EKS "k8s:").
    private const string StsSelectorType = "aws";

    private readonly IAttestor _jwtAttestor;
    private readonly IReplayCache _replayCache;
    private readonly AwsStsNodeAttestorOptions _options;
    private readonly HashSet<string> _allowedAccounts;
    private readonly HashSet<string> _allowedRoles;
    private readonly ILogger _logger;

    /// <summary>
    /// An attestor verifying tokens with <paramref name="jwtAttestor"/> (the service's <see cref="OidcJwtAttestor"/>) and
    /// spending them in <paramref name="replayCache"/>.
    /// </summary>
    public AwsStsNodeAttestor(
        IAttestor jwtAttestor,
        IReplayCache replayCache,
        IOptions<AwsStsNodeAttestorOptions> options,
        ILogger<AwsStsNodeAttestor> logger)
    {
        ArgumentNullException.ThrowIfNull(jwtAttestor);
        ArgumentNullException.ThrowIfNull(replayCache);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _jwtAttestor = jwtAttestor;
        _replayCache = replayCache;
        _options = options.Value;
        _allowedAccounts = new HashSet<string>(_options.AllowedAccounts ?? [], StringComparer.Ordinal);
        _allowedRoles = new HashSet<string>(_options.AllowedRoles ?? [], StringComparer.Ordinal);
        _logger = logger;
    }

    /// <inheritdoc/>
    public string Name => AttestorName;

    /// <inheritdoc/>
    public async ValueTask<NodeAttestationResult> AttestAsync(NodeAttestationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        if (!AwsStsEvidence.TryRead(request.Payload.Span, out var token, out var problem))
        {
            return Fail(AttestationFailureKind.Malformed, "-", problem);
        }

        var verified = await _jwtAttestor.AttestAsync(new AttestationRequest(token, TokenTypeUris.Jwt), cancellationToken).ConfigureAwait(false);
        if (!verified.Succeeded)
        {
            // The OIDC attestor logged why; its detail never quotes the token.
            return Fail(verified.FailureKind, "-", "the web identity token was refused: " + (verified.Detail ?? verified.FailureKind.ToString()));
        }

        var identity = verified.Identity;
        var principal = identity.Subject;
        if (!identity.TemplateValues.TryGetValue("account", out var account)
            || !identity.Selectors.Contains(new Selector(StsSelectorType, AwsStsSelectors.Account + account)))
        {
            return Fail(AttestationFailureKind.PolicyDenied, "-", "the token is not from an issuer of the AwsSts profile");
        }

        if (!AwsArn.TryParse(principal, out var arn) || arn.RoleName is not { } roleName)
        {
            return Fail(AttestationFailureKind.PolicyDenied, principal, "the token's principal is not an IAM role");
        }

        if (!IsSpiffePathSegment(roleName))
        {
            // Role names may hold '+', '=', ',' and '@', which a SPIFFE ID path cannot.
            return Fail(AttestationFailureKind.PolicyDenied, principal, "the role name has characters a SPIFFE ID path cannot hold");
        }

        if (!_options.AllowAnyAccount && !_allowedAccounts.Contains(account))
        {
            return Fail(AttestationFailureKind.PolicyDenied, principal, "the account is not allowed");
        }

        if (_allowedRoles.Count > 0 && !_allowedRoles.Contains(principal))
        {
            return Fail(AttestationFailureKind.PolicyDenied, principal, "the role is not in AllowedRoles");
        }

        if (IssuedAt(token) is not { } issuedAt)
        {
            return Fail(AttestationFailureKind.Malformed, principal, "the token has no usable iat");
        }

        var selectors = Selectors(identity.Selectors);
        if (selectors.Count > NodeRecords.MaxSelectors)
        {
            return Fail(AttestationFailureKind.PolicyDenied, principal, $"the role yields more than {NodeRecords.MaxSelectors} selectors");
        }

        // Last, so only a token that passed every check uses up its replay record.
        var spent = await SpendAsync(identity, principal, cancellationToken).ConfigureAwait(false);
        if (spent != AttestationFailureKind.None)
        {
            return spent == AttestationFailureKind.Unavailable
                ? NodeAttestationResult.Failure(spent, "the replay cache is unavailable")
                : Fail(spent, principal, "the web identity token was already used");
        }

        var nodeId = NodeIdOf(identity.ReplayKey);
        var fingerprint = $"{account}/{roleName}/{nodeId}";
        AwsStsNodeLog.Succeeded(_logger, fingerprint, selectors.Count);
        return NodeAttestationResult.Success(new AttestedNode
        {
            AttestorName = AttestorName,
            AgentIdSegments = [account, roleName, nodeId],
            Fingerprint = fingerprint,
            Selectors = selectors,
            EvidenceIssuedAt = issuedAt,
        });
    }

    /// <summary>
    /// The node's own segment: a digest of the token's replay key (issuer + <c>jti</c>), so every attestation is a new
    /// node, and the audit log can tie a node to the token that made it without the token.
    /// </summary>
    internal static string NodeIdOf(string replayKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(replayKey)).AsSpan(0, 16));

    private static List<Selector> Selectors(IReadOnlyList<Selector> verified)
    {
        var values = new List<string>();
        foreach (var selector in verified)
        {
            if (!string.Equals(selector.Type, StsSelectorType, StringComparison.Ordinal))
            {
                continue;
            }

            var value = selector.Value;
            if (TryMap(value, AwsStsSelectors.Account, AwsStsNodeSelectors.Account, out var mapped)
                || TryMap(value, AwsStsSelectors.Principal, AwsStsNodeSelectors.Role, out mapped)
                || TryMap(value, AwsStsSelectors.Region, AwsStsNodeSelectors.Region, out mapped)
                || TryMap(value, AwsStsSelectors.Org, AwsStsNodeSelectors.Org, out mapped)
                || TryMap(value, AwsStsSelectors.Tag, AwsStsNodeSelectors.PrincipalTag, out mapped))
            {
                values.Add(mapped);
            }
        }

        return [.. values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(v => new Selector(AwsStsNodeSelectors.Type, v))];
    }

    private static bool TryMap(string value, string from, string to, out string mapped)
    {
        mapped = value.StartsWith(from, StringComparison.Ordinal) ? to + value[from.Length..] : string.Empty;
        return mapped.Length > 0;
    }

    private async ValueTask<AttestationFailureKind> SpendAsync(AttestedIdentity identity, string principal, CancellationToken cancellationToken)
    {
        ReplayUseResult use;
        try
        {
            // Single use whatever the issuer's replay setting: a token that attested a node must not attest a second one.
            use = await _replayCache.TryUseAsync(
                identity.ReplayKey, identity.ExpiresAt + ReplayRetentionMargin, ReplayPolicy.SingleUse, cancellationToken).ConfigureAwait(false);
        }
        catch (DependencyUnavailableException ex)
        {
            // Fail closed: without a replay record the token could attest twice.
            AwsStsNodeLog.ReplayCacheUnavailable(_logger, principal, ex);
            return AttestationFailureKind.Unavailable;
        }

        switch (use)
        {
            case ReplayUseResult.Accepted:
                return AttestationFailureKind.None;
            case ReplayUseResult.Full:
                AwsStsNodeLog.ReplayCacheUnavailable(_logger, principal, null);
                return AttestationFailureKind.Unavailable;
            default:
                return AttestationFailureKind.PolicyDenied;
        }
    }

    /// <summary>The verified token's <c>iat</c> (the OIDC attestor required it and checked it is not in the future).</summary>
    private static DateTimeOffset? IssuedAt(string token)
    {
        if (!CompactJws.TryParse(token, OidcAttestorOptions.HardMaxTokenSize, out var jws, out _, out _))
        {
            return null;
        }

        using (jws)
        {
            return jws.Payload.RootElement.TryGetProperty("iat", out var iat) && iat.TryGetInt64(out var seconds)
                && seconds is >= 0 and <= 253_402_300_799
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
    }

    private static bool IsSpiffePathSegment(string value) =>
        value.Length > 0 && value is not ("." or "..") && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    private NodeAttestationResult Fail(AttestationFailureKind kind, string principal, string detail)
    {
        AwsStsNodeLog.Failed(_logger, kind, principal, detail);
        return NodeAttestationResult.Failure(kind, detail);
    }
}
