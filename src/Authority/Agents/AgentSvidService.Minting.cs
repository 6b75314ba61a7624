using Bridge.Abstractions;
using Bridge.Abstractions.Logging;
using Bridge.Abstractions.Nodes;
using Bridge.Authority.Ca;
using Bridge.Authority.Exchange;
using Bridge.Authority.Issuance;
using Bridge.Authority.Issuance.X509;

namespace Bridge.Authority.Agents;

public sealed partial class AgentSvidService
{
    // Entry ids in requests are chosen by the caller until they are found in the authorized set.
    private const int LoggedEntryIdMaxLength = 128;

    /// <summary>
    /// Issues one X.509-SVID per request, all or nothing: every entry must be in the agent's authorized set and
    /// issuable, and every CSR valid, before anything is signed. The SVIDs come back in the order of the requests.
    /// </summary>
    /// <exception cref="ArgumentException">The batch is empty or larger than <see cref="MaxX509BatchSize"/> (the edge checks the shape first).</exception>
    public async Task<AgentSvidResult<IReadOnlyList<AgentX509Svid>>> MintX509SvidsAsync(
        NodeRecord node, IReadOnlyList<AgentX509SvidRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count is 0 or > MaxX509BatchSize)
        {
            throw new ArgumentException($"A batch holds 1 to {MaxX509BatchSize} requests.", nameof(requests));
        }

        var set = await AuthorizeAsync(node, cancellationToken).ConfigureAwait(false);
        if (set is null)
        {
            return AgentSvidResult<IReadOnlyList<AgentX509Svid>>.Fail(AgentSvidFailure.Unavailable);
        }

        var agent = node.AgentId.ToString();

        // Authorization first, for the whole batch: an agent asking for an entry outside its set is refused as such
        // (and audited) whatever else its batch holds.
        var entries = new AuthorizedEntry[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            var failure = Find(set, requests[i].EntryId, agent, "x509-svid", out entries[i]!);
            if (failure == AgentSvidFailure.None && !EntrySvidIssuer.HasIssuableDnsNames(entries[i].Entry))
            {
                Log.EntryNotIssuable(_logger, entries[i].Entry.Id, "dns_names break the DNS-name rule", agent);
                failure = AgentSvidFailure.EntryNotIssuable;
            }

            if (failure != AgentSvidFailure.None)
            {
                return AgentSvidResult<IReadOnlyList<AgentX509Svid>>.Fail(failure);
            }
        }

        var csrs = new ParsedCsr[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            var failure = X509SvidIssuer.TryParseRequest(requests[i].CertificateRequest, out var csr);
            if (csr is null)
            {
                Log.CertificateRequestRejected(_logger, failure, i, entries[i].Entry.Id, agent);
                return AgentSvidResult<IReadOnlyList<AgentX509Svid>>.Fail(AgentSvidFailure.InvalidCertificateRequest);
            }

            csrs[i] = csr;
        }

        var svids = new AgentX509Svid[requests.Count];
        try
        {
            for (var i = 0; i < requests.Count; i++)
            {
                var svid = await _issuer.IssueX509Async(entries[i].Entry, entries[i].SpiffeId, csrs[i], null, cancellationToken).ConfigureAwait(false);
                svids[i] = new AgentX509Svid(entries[i], svid);
            }
        }
        catch (DependencyUnavailableException ex)
        {
            // A throttled or unreachable key manager: nothing is returned and nothing was stored; the agent retries the
            // batch. Certificates already signed are dropped unseen (and were not audited as issued).
            Log.DependencyFailed(_logger, "key-manager", ex);
            return AgentSvidResult<IReadOnlyList<AgentX509Svid>>.Fail(AgentSvidFailure.Unavailable);
        }

        foreach (var issued in svids)
        {
            Log.X509SvidIssued(_logger, issued.Entry.SpiffeId.ToString(), issued.Entry.Entry.Id, agent, issued.Svid.SerialNumber, issued.Svid.ExpiresAt);
        }

        return AgentSvidResult<IReadOnlyList<AgentX509Svid>>.Success(svids);
    }

    /// <summary>
    /// Issues a JWT-SVID for an authorized entry; the audiences are authorized exactly as at <c>/token</c>: at least one,
    /// each allowed by the entry.
    /// </summary>
    public async Task<AgentSvidResult<AgentJwtSvid>> MintJwtSvidAsync(
        NodeRecord node, string entryId, IReadOnlyList<string> audiences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(entryId);
        ArgumentNullException.ThrowIfNull(audiences);
        var set = await AuthorizeAsync(node, cancellationToken).ConfigureAwait(false);
        if (set is null)
        {
            return AgentSvidResult<AgentJwtSvid>.Fail(AgentSvidFailure.Unavailable);
        }

        var agent = node.AgentId.ToString();
        var failure = Find(set, entryId, agent, "jwt-svid", out var entry);
        if (failure != AgentSvidFailure.None)
        {
            return AgentSvidResult<AgentJwtSvid>.Fail(failure);
        }

        var audience = EntrySvidIssuer.AuthorizeAudiences(entry!.Entry, audiences);
        if (audience != ExchangeFailureKind.None)
        {
            Log.AudienceRefused(_logger, audience, entry.Entry.Id, agent);
            return AgentSvidResult<AgentJwtSvid>.Fail(audience == ExchangeFailureKind.AudienceRequired
                ? AgentSvidFailure.AudienceRequired
                : AgentSvidFailure.AudienceNotAllowed);
        }

        try
        {
            var svid = await _issuer.IssueJwtAsync(entry.Entry, entry.SpiffeId, audiences, null, cancellationToken).ConfigureAwait(false);
            Log.JwtSvidIssued(_logger, entry.SpiffeId.ToString(), entry.Entry.Id, agent, svid.TokenId, svid.ExpiresAt);
            return AgentSvidResult<AgentJwtSvid>.Success(new AgentJwtSvid(entry, svid));
        }
        catch (DependencyUnavailableException ex)
        {
            Log.DependencyFailed(_logger, "key-manager", ex);
            return AgentSvidResult<AgentJwtSvid>.Fail(AgentSvidFailure.Unavailable);
        }
    }

    /// <summary>The authorized, issuable entry <paramref name="entryId"/>, or the refusal (audited).</summary>
    private AgentSvidFailure Find(AuthorizedEntrySet set, string entryId, string agent, string kind, out AuthorizedEntry? entry)
    {
        entry = set.Find(entryId);
        if (entry is null)
        {
            Log.EntryNotAuthorized(_logger, agent, LogText.Bounded(entryId, LoggedEntryIdMaxLength), kind);
            return AgentSvidFailure.EntryNotAuthorized;
        }

        if (!entry.IsIssuable)
        {
            Log.EntryNotIssuable(_logger, entry.Entry.Id, entry.NotIssuableReason, agent);
            return AgentSvidFailure.EntryNotIssuable;
        }

        return AgentSvidFailure.None;
    }
}
