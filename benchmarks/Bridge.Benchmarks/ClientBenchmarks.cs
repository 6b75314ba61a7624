using BenchmarkDotNet.Attributes;
using Bridge.Client.DependencyInjection;
using Bridge.Client.Evidence;
using Bridge.Client.Exchange;
using Bridge.Client.Sources;
using Bridge.Spiffe.Svid.X509;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Benchmarks;

/// <summary>
/// The client library against the real exchange on loopback HTTP: a cached <see cref="JwtSvidSource"/> fetch (what a
/// warm Lambda invocation pays), and cold fetches that run a whole exchange through the client (form encoding, HTTP,
/// attestation, issuance, response parsing; for X.509 also the P-256 key and CSR and the chain check).
/// </summary>
[MemoryDiagnoser]
public class ClientBenchmarks
{
    private const string Role = "bench-client";

    private LoopbackExchange _exchange = null!;
    private HttpClient _http = null!;
    private BridgeExchangeClient _client = null!;
    private JwtSvidSource _cached = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _exchange = await LoopbackExchange.StartAsync();
        await _exchange.RegisterAsync(Role, ["ledger"]);
        _http = new HttpClient(new SocketsHttpHandler());
        var options = new BridgeClientOptions
        {
            BaseAddress = _exchange.BaseAddress,
            SubjectTokenProvider = new StaticSubjectTokenProvider(() => _exchange.MintToken(Role)),
        };
        _client = new BridgeExchangeClient(_http, options.SubjectTokenProvider, Options.Create(options), TimeProvider.System);

        // The cached source's clock is frozen, so the benchmark never crosses half life and always hits the cache.
        var frozen = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var cachedClient = new BridgeExchangeClient(_http, options.SubjectTokenProvider, Options.Create(options), frozen);
        _cached = new JwtSvidSource(cachedClient, ["ledger"], frozen);
        await _cached.FetchJwtSvidAsync();

        // Warm the service (its issuer key cache, JIT) so the cold benchmarks measure a warm Bridge and a cold client cache.
        await ColdJwtSvidFetchAsync();
        await ColdX509SvidFetchAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _http.Dispose();
        await _exchange.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "Client: cached FetchJwtSvid")]
    public ValueTask<IssuedJwtSvid> CachedJwtSvidFetchAsync() => _cached.FetchJwtSvidAsync();

    [Benchmark(Description = "Client: cold JWT-SVID fetch (exchange over loopback HTTP)")]
    public async Task<IssuedJwtSvid> ColdJwtSvidFetchAsync() =>
        await new JwtSvidSource(_client, ["ledger"], TimeProvider.System).FetchJwtSvidAsync();

    [Benchmark(Description = "Client: cold X.509-SVID fetch (P-256 key + CSR + exchange over loopback HTTP)")]
    public async Task<X509Svid> ColdX509SvidFetchAsync() =>
        await new X509SvidSource(_client, TimeProvider.System).GetX509SvidAsync();
}
