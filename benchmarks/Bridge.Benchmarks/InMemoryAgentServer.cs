extern alias agent;

using agent::Bridge.Agent.Server;
using Bridge.Spiffe.Bundle;
using Bridge.Spiffe.Bundle.Jwt;
using Bridge.Spiffe.Id;
using Bridge.Testing.Agents;

namespace Bridge.Benchmarks;

/// <summary>
/// The agent API in memory, for the agent's own cache: the entries (304 when unchanged) and X.509-SVIDs signed for real
/// by <see cref="TestSpiffeCa"/> from the agent's CSRs. Replacing <see cref="Entries"/> makes a new revision.
/// </summary>
internal sealed class InMemoryAgentServer(TestSpiffeCa ca, TimeProvider time) : IAgentServerClient
{
    private readonly SpiffeBundle _bundle = new(TrustDomain.Parse(ca.TrustDomain), [ca.Root], Array.Empty<JwtAuthority>());
    private IReadOnlyList<AuthorizedEntry> _entries = [];
    private int _revision;

    public IReadOnlyList<AuthorizedEntry> Entries
    {
        get => _entries;
        set
        {
            _entries = value;
            _revision++;
        }
    }

    public ValueTask<EntriesSync?> GetEntriesAsync(string? knownRevision, CancellationToken cancellationToken) =>
        ValueTask.FromResult(knownRevision == "r" + _revision ? null : new EntriesSync("r" + _revision, _entries, _bundle));

    public ValueTask<IReadOnlyList<MintedX509Svid>> MintX509SvidsAsync(IReadOnlyList<X509SvidMintRequest> requests, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var byId = _entries.ToDictionary(e => e.Id, StringComparer.Ordinal);
        IReadOnlyList<MintedX509Svid> answer = [.. requests.Select(r =>
        {
            var entry = byId[r.EntryId];
            return new MintedX509Svid(entry.Id, entry.SpiffeId, ca.Sign(r.Csr.Span, entry.SpiffeId, entry.DnsNames, now.AddMinutes(-1), now.AddHours(1)), now.AddHours(1), null);
        })];
        return ValueTask.FromResult(answer);
    }

    public ValueTask<MintedJwtSvid> MintJwtSvidAsync(string entryId, IReadOnlyList<string> audience, CancellationToken cancellationToken) =>
        throw new NotSupportedException();
}
