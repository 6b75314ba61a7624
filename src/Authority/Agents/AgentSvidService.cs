using Bridge.Abstractions;
using Bridge.Abstractions.Nodes;
using Bridge.Authority.Bundles;
using Bridge.Authority.Ca;
using Bridge.Authority.Issuance;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Issuance.X509;
using Bridge.Spiffe.Bundle;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Agents;

/// <summary>
/// The workload side of the agent API for an authenticated agent: the sync of its authorized entries with the trust
/// bundle, batches of X.509-SVIDs and JWT-SVIDs for those entries. Entries come only from
/// <see cref="AgentEntryAuthorizer"/>; SVIDs are issued with the same rules as <c>/token</c> (<see cref="EntrySvidIssuer"/>).
/// Every refusal is a value with an audit event; only an outage of a dependency is retryable, and any other exception
/// is a bug that reaches the edge as a 500.
/// </summary>
public sealed partial class AgentSvidService
{
    /// <summary>The most CSRs one X.509-SVID batch may carry (SPIRE's BatchNewX509SVID is CPU-heavy: keep each call bounded).</summary>
    public const int MaxX509BatchSize = 50;

    private readonly AgentEntryAuthorizer _authorizer;
    private readonly TrustBundleProvider _bundles;
    private readonly EntrySvidIssuer _issuer;
    private readonly ILogger<AgentSvidService> _logger;

    // The provider hands out the same bundle until it changes: serialize each bundle once, not on every sync.
    private volatile BundleDocument? _bundleDocument;

    /// <summary>Creates the service from its seams.</summary>
    public AgentSvidService(
        AgentEntryAuthorizer authorizer,
        TrustBundleProvider bundles,
        JwtSvidIssuer jwtIssuer,
        X509SvidIssuer x509Issuer,
        X509CertificateAuthority ca,
        IOptions<AuthorityOptions> options,
        ILogger<AgentSvidService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _authorizer = authorizer;
        _bundles = bundles;
        _issuer = new EntrySvidIssuer(jwtIssuer, x509Issuer, ca, options.Value);
        _logger = logger;
    }

    /// <summary>
    /// The agent's authorized entries that can be issued, and the trust bundle, with one revision over both: the agent
    /// polls this and compares revisions, so an unchanged sync can be answered without a body.
    /// </summary>
    public async Task<AgentSvidResult<AgentSync>> SyncAsync(NodeRecord node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var set = await AuthorizeAsync(node, cancellationToken).ConfigureAwait(false);
        if (set is null)
        {
            return AgentSvidResult<AgentSync>.Fail(AgentSvidFailure.Unavailable);
        }

        SpiffeBundle bundle;
        try
        {
            bundle = await _bundles.GetBundleAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DependencyUnavailableException ex)
        {
            Log.DependencyFailed(_logger, "authority-state", ex);
            return AgentSvidResult<AgentSync>.Fail(AgentSvidFailure.Unavailable);
        }

        var cached = _bundleDocument;
        if (cached is null || !ReferenceEquals(cached.Bundle, bundle))
        {
            cached = new BundleDocument(bundle, SpiffeBundleDocument.Serialize(bundle));
            _bundleDocument = cached;
        }

        var document = cached.Document;
        var entries = set.Entries.Where(e => e.IsIssuable).ToList();
        var revision = EntryDigest.Combine(set.Revision, document);
        Log.Synced(_logger, node.AgentId.ToString(), entries.Count, revision);
        return AgentSvidResult<AgentSync>.Success(new AgentSync(revision, entries, document));
    }

    /// <summary>The agent's authorized set, or null (logged) when the registration store is unavailable.</summary>
    private async Task<AuthorizedEntrySet?> AuthorizeAsync(NodeRecord node, CancellationToken cancellationToken)
    {
        try
        {
            return await _authorizer.AuthorizeAsync(node, cancellationToken).ConfigureAwait(false);
        }
        catch (DependencyUnavailableException ex)
        {
            // Only an outage is retryable; any other exception is a bug in the store and reaches the edge as a 500.
            Log.DependencyFailed(_logger, "registration-store", ex);
            return null;
        }
    }

    private sealed record BundleDocument(SpiffeBundle Bundle, string Document);
}
