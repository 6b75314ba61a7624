using System.Security.Cryptography.X509Certificates;
using Bridge.Agent.Server;
using Bridge.Spiffe.Bundle;
using Bridge.Spiffe.Bundle.Jwt;
using Bridge.Spiffe.Id;
using Bridge.Testing.Agents;

namespace Bridge.Agent.Tests.Cache;

/// <summary>
/// The agent API as the cache sees it, in memory: the entries with a revision (304 when unchanged), X.509-SVIDs signed
/// for real by a <see cref="TestSpiffeCa"/>, JWT-SVIDs, and a switch for each kind of failure and bad answer.
/// </summary>
internal sealed class FakeAgentServerClient(TestSpiffeCa ca, TimeProvider time) : IAgentServerClient
{
    private readonly Lock _lock = new();
    private IReadOnlyList<AuthorizedEntry> _entries = [];
    private int _revision;
    private int _entriesCalls;
    private int _jwtCalls;

    public SpiffeBundle Bundle { get; set; } = new(TrustDomain.Parse(ca.TrustDomain), [ca.Root], Array.Empty<JwtAuthority>());

    /// <summary>The X.509-SVID lifetime when the entry has none.</summary>
    public TimeSpan DefaultX509Ttl { get; set; } = TimeSpan.FromHours(1);

    public TimeSpan JwtTtl { get; set; } = TimeSpan.FromMinutes(10);

    public int EntriesCalls => Volatile.Read(ref _entriesCalls);

    public int JwtCalls => Volatile.Read(ref _jwtCalls);

    /// <summary>The entry ids of every batch asked for, in order.</summary>
    public List<string[]> Batches { get; } = [];

    /// <summary>Thrown by the next calls of each route while set.</summary>
    public AgentServerException? EntriesFailure { get; set; }

    public Exception? MintFailure { get; set; }

    public AgentServerException? JwtFailure { get; set; }

    /// <summary>A batch naming one of these is refused whole (403 access_denied), as the server does.</summary>
    public HashSet<string> RefusedEntryIds { get; } = [];

    /// <summary>Bends each answer of a batch (its request, the SVID signed for it) into a bad one.</summary>
    public Func<X509SvidMintRequest, MintedX509Svid, MintedX509Svid>? Tamper { get; set; }

    /// <summary>When set, GET /entries and JWT mints wait for it (to hold a call in flight).</summary>
    public TaskCompletionSource? EntriesGate { get; set; }

    public TaskCompletionSource? JwtGate { get; set; }

    public IReadOnlyList<AuthorizedEntry> Entries
    {
        get => _entries;
        set
        {
            _entries = value;
            _revision++;
        }
    }

    public static AuthorizedEntry Entry(string id, string? spiffeId = null, int? x509Ttl = null, string[]? dnsNames = null, string[]? selectors = null) =>
        new(id, spiffeId ?? $"spiffe://example.org/workload/{id}", "spiffe://example.org/bridge/nodeset/web",
            selectors ?? [$"unix:uid:{id}"], x509Ttl, 300, ["ledger", "billing"], dnsNames ?? [], "hint-" + id, null);

    /// <summary>Changes the bundle's revision without touching the entries (a CA or JWT key rotation).</summary>
    public void BumpRevision() => _revision++;

    public async ValueTask<EntriesSync?> GetEntriesAsync(string? knownRevision, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _entriesCalls);
        if (EntriesGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (EntriesFailure is { } failure)
        {
            throw failure;
        }

        var revision = "rev-" + _revision;
        return knownRevision == revision ? null : new EntriesSync(revision, _entries, Bundle);
    }

    public ValueTask<IReadOnlyList<MintedX509Svid>> MintX509SvidsAsync(IReadOnlyList<X509SvidMintRequest> requests, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            Batches.Add([.. requests.Select(r => r.EntryId)]);
        }

        if (MintFailure is { } failure)
        {
            throw failure;
        }

        if (requests.Count is < 1 or > 50 || requests.Any(r => RefusedEntryIds.Contains(r.EntryId) || _entries.All(e => e.Id != r.EntryId)))
        {
            throw new AgentServerException(AgentServerFailure.Refused, "POST /agent/v1/x509-svids: 403.", 403) { Error = "access_denied" };
        }

        var now = time.GetUtcNow();
        var answer = new List<MintedX509Svid>();
        for (var i = 0; i < requests.Count; i++)
        {
            var entry = _entries.Single(e => e.Id == requests[i].EntryId);
            var ttl = entry.X509SvidTtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : DefaultX509Ttl;
            var chain = ca.Sign(requests[i].Csr.Span, entry.SpiffeId, entry.DnsNames, now, now + ttl);
            var svid = new MintedX509Svid(entry.Id, entry.SpiffeId, chain, now + ttl, entry.Hint);
            answer.Add(Tamper is null ? svid : Tamper(requests[i], svid));
        }

        return ValueTask.FromResult<IReadOnlyList<MintedX509Svid>>(answer);
    }

    public async ValueTask<MintedJwtSvid> MintJwtSvidAsync(string entryId, IReadOnlyList<string> audience, CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _jwtCalls);
        if (JwtGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (JwtFailure is { } failure)
        {
            throw failure;
        }

        var entry = _entries.SingleOrDefault(e => e.Id == entryId)
            ?? throw new AgentServerException(AgentServerFailure.Refused, "POST /agent/v1/jwt-svids: 403.", 403) { Error = "access_denied" };
        return new MintedJwtSvid(entryId, entry.SpiffeId, $"token-{call}-{string.Join(',', audience)}", time.GetUtcNow() + JwtTtl, entry.Hint);
    }

    /// <summary>Disposes the certificates of an answer a test replaced.</summary>
    public static void Dispose(IEnumerable<X509Certificate2> chain)
    {
        foreach (var certificate in chain)
        {
            certificate.Dispose();
        }
    }
}
