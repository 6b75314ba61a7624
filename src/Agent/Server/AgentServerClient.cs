using System.Security.Cryptography.X509Certificates;
using Bridge.Agent.Hosting;
using Bridge.Agent.Node;
using Bridge.Protocol.Agents;
using Bridge.Spiffe.Bundle;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Options;

namespace Bridge.Agent.Server;

/// <summary>
/// <see cref="IAgentServerClient"/> over <see cref="AgentApiTransport"/>: each call signs a fresh assertion with the
/// current agent SVID, reports a 401 to the identity service (which attests again), and checks the answer strictly
/// (SPIFFE IDs of the agent's trust domain, chains that parse, the sync's bundle through <see cref="SpiffeBundleDocument"/>).
/// </summary>
internal sealed class AgentServerClient(AgentApiTransport transport, IAgentCredentialsSource credentials, IOptions<AgentOptions> agent) : IAgentServerClient
{
    public const string EntriesPath = "/agent/v1/entries";
    public const string X509SvidsPath = "/agent/v1/x509-svids";
    public const string JwtSvidsPath = "/agent/v1/jwt-svids";

    // Thousands of entries with their selectors fit; a batch of 50 chains is far below its bound.
    private const int MaxEntriesBytes = 16 * 1024 * 1024;
    private const int MaxBatchBytes = 2 * 1024 * 1024;
    private const int MaxJwtBytes = 64 * 1024;
    private const int MaxRevisionLength = 128;

    public async ValueTask<EntriesSync?> GetEntriesAsync(string? knownRevision, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(HttpMethod.Get, EntriesPath, null, knownRevision, MaxEntriesBytes, cancellationToken).ConfigureAwait(false);
        if (answer.StatusCode == 304)
        {
            return knownRevision is null ? throw AgentResponseReader.Invalid(EntriesPath, "304 to a request without a revision") : null;
        }

        var trustDomain = TrustDomainOf();
        var document = AgentApiJson.TryDeserialize(answer.Body, AgentApiJsonContext.Default.AgentEntriesResponse)
            ?? throw AgentResponseReader.Invalid(EntriesPath, "a body that is not an entries document");
        if (document.Revision.Length is 0 or > MaxRevisionLength || document.Revision.Any(c => c is < '!' or > '~' or '"'))
        {
            throw AgentResponseReader.Invalid(EntriesPath, "a revision that is not one");
        }

        if (!string.Equals(document.TrustDomain, trustDomain.Name, StringComparison.Ordinal))
        {
            throw AgentResponseReader.Invalid(EntriesPath, "another trust domain");
        }

        var entries = new List<AuthorizedEntry>(document.Entries.Count);
        foreach (var entry in document.Entries)
        {
            if (string.IsNullOrEmpty(entry.Id) || entry.Id.Length > 256)
            {
                throw AgentResponseReader.Invalid(EntriesPath, "an entry without a usable ID");
            }

            entries.Add(new AuthorizedEntry(
                entry.Id,
                AgentResponseReader.SpiffeIdOf(EntriesPath, entry.SpiffeId, trustDomain).ToString(),
                AgentResponseReader.SpiffeIdOf(EntriesPath, entry.ParentId, trustDomain).ToString(),
                entry.Selectors,
                Seconds(entry.X509SvidTtlSeconds),
                Seconds(entry.JwtSvidTtlSeconds),
                entry.Audiences,
                entry.DnsNames,
                entry.Hint,
                entry.ExpiresAt));
        }

        if (document.Bundle.ValueKind != System.Text.Json.JsonValueKind.Object
            || !SpiffeBundleDocument.TryParse(trustDomain, document.Bundle.GetRawText(), out var bundle))
        {
            throw AgentResponseReader.Invalid(EntriesPath, "a trust bundle that does not parse");
        }

        return new EntriesSync(document.Revision, entries, bundle);
    }

    public async ValueTask<IReadOnlyList<MintedX509Svid>> MintX509SvidsAsync(IReadOnlyList<X509SvidMintRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count is 0 or > 50)
        {
            throw new ArgumentException("A batch holds 1 to 50 requests.", nameof(requests));
        }

        var body = AgentApiJson.Serialize(
            new AgentX509SvidBatchRequest { Requests = [.. requests.Select(r => new AgentX509SvidRequestItem { EntryId = r.EntryId, Csr = r.Csr.ToArray() })] },
            AgentApiJsonContext.Default.AgentX509SvidBatchRequest);
        var answer = await SendAsync(HttpMethod.Post, X509SvidsPath, body, null, MaxBatchBytes, cancellationToken).ConfigureAwait(false);
        var document = answer.StatusCode == 200 ? AgentApiJson.TryDeserialize(answer.Body, AgentApiJsonContext.Default.AgentX509SvidBatchResponse) : null;
        if (document is null || document.Svids.Count != requests.Count)
        {
            throw AgentResponseReader.Invalid(X509SvidsPath, "a body that is not one SVID per request");
        }

        var trustDomain = TrustDomainOf();
        var minted = new List<MintedX509Svid>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            var svid = document.Svids[i];
            if (!string.Equals(svid.EntryId, requests[i].EntryId, StringComparison.Ordinal))
            {
                throw AgentResponseReader.Invalid(X509SvidsPath, "SVIDs out of request order");
            }

            var id = AgentResponseReader.SpiffeIdOf(X509SvidsPath, svid.SpiffeId, trustDomain);
            X509Certificate2[] chain = AgentResponseReader.Certificates(X509SvidsPath, svid.Chain);
            AgentResponseReader.RequireUriSan(X509SvidsPath, chain[0], id);
            minted.Add(new MintedX509Svid(svid.EntryId, id.ToString(), chain, new DateTimeOffset(chain[0].NotAfter.ToUniversalTime(), TimeSpan.Zero), svid.Hint));
        }

        return minted;
    }

    public async ValueTask<MintedJwtSvid> MintJwtSvidAsync(string entryId, IReadOnlyList<string> audience, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(entryId);
        ArgumentNullException.ThrowIfNull(audience);
        var body = AgentApiJson.Serialize(new AgentJwtSvidRequest { EntryId = entryId, Audience = audience }, AgentApiJsonContext.Default.AgentJwtSvidRequest);
        var answer = await SendAsync(HttpMethod.Post, JwtSvidsPath, body, null, MaxJwtBytes, cancellationToken).ConfigureAwait(false);
        var document = answer.StatusCode == 200 ? AgentApiJson.TryDeserialize(answer.Body, AgentApiJsonContext.Default.AgentJwtSvidResponse) : null;
        if (document is null || !string.Equals(document.EntryId, entryId, StringComparison.Ordinal)
            || document.Token.Length is 0 || document.Token.Count(c => c == '.') != 2)
        {
            throw AgentResponseReader.Invalid(JwtSvidsPath, "a body that is not a JWT-SVID of the entry");
        }

        var id = AgentResponseReader.SpiffeIdOf(JwtSvidsPath, document.SpiffeId, TrustDomainOf());
        return new MintedJwtSvid(document.EntryId, id.ToString(), document.Token, document.ExpiresAt, document.Hint);
    }

    private async Task<AgentApiAnswer> SendAsync(HttpMethod method, string path, byte[]? body, string? ifNoneMatch, int maxBytes, CancellationToken cancellationToken)
    {
        var current = await credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await transport.SendAsync(method, path, body, current, ifNoneMatch, maxBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (AgentServerException ex) when (ex.Failure == AgentServerFailure.Unauthenticated)
        {
            credentials.ReportRejected(current);
            throw;
        }
    }

    private TrustDomain TrustDomainOf() => TrustDomain.Parse(agent.Value.TrustDomain!);

    /// <summary>An entry's lifetime as <see cref="AuthorizedEntry"/> holds it; one beyond <see cref="int"/> is no lifetime the exchange sends.</summary>
    private static int? Seconds(long? seconds) => seconds switch
    {
        null => null,
        >= int.MinValue and <= int.MaxValue => (int)seconds.Value,
        _ => throw AgentResponseReader.Invalid(EntriesPath, "an entry lifetime out of range"),
    };
}
