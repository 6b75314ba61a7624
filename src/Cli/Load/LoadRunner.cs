using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Bridge.Cli.Demo;
using Bridge.Cli.Dev;
using Bridge.Spiffe.Id;

namespace Bridge.Cli.Load;

/// <summary>
/// Drives <c>POST /token</c> of a real in-process service over loopback HTTP: every request carries its own freshly
/// minted STS-shaped token (tokens are single-use), minted before the clock starts so only the exchange is timed.
/// Bounded in count; it only ever talks to 127.0.0.1.
/// </summary>
internal sealed class LoadRunner(TimeProvider time)
{
    private static readonly DemoWorkload Workload = new("payments", "spiffe://{td}/payments", ["ledger"]);

    public async Task<LoadReport> RunAsync(int requests, int concurrency, bool x509, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        await using var sts = await LocalStsIssuer.StartAsync(time, cancellationToken);
        await using var bridge = await DemoExchangeHost.StartAsync(sts.Issuer, verbose: false, cancellationToken);
        var trustDomain = TrustDomain.Parse(DemoExchangeHost.TrustDomain);
        var entry = Workload.ToEntry(trustDomain) with { SpiffeId = $"spiffe://{trustDomain}/payments" };
        await bridge.Registrations.CreateAsync(entry, cancellationToken);

        var tokens = new string[requests + concurrency];
        for (var i = 0; i < tokens.Length; i++)
        {
            tokens[i] = sts.MintRoleToken(DemoWorkload.Account, Workload.Role, DemoExchangeHost.BridgeAudience, TimeSpan.FromMinutes(30));
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = new CertificateRequest("CN=load", key, HashAlgorithmName.SHA256).CreateSigningRequestPem();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency })
        {
            BaseAddress = new Uri(bridge.BaseAddress + "/"),
        };
        var client = new LoadExchangeClient(http);

        Task<HttpStatusCode> Send(int i) => x509
            ? client.RequestX509SvidAsync(tokens[i], csr, cancellationToken)
            : client.RequestJwtSvidAsync(tokens[i], "ledger", cancellationToken);

        // Warm connections and code paths with one request per worker; these are not counted.
        await Task.WhenAll(Enumerable.Range(requests, concurrency).Select(Send));

        var latencies = new TimeSpan[requests];
        var failed = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                var response = await Send(i).ConfigureAwait(false);
                latencies[i] = Stopwatch.GetElapsedTime(started);
                if (response != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failed);
                }

                if (i % 500 == 0)
                {
                    progress?.Report(i);
                }
            }
        }));
        clock.Stop();

        Array.Sort(latencies);
        return new LoadReport(requests, concurrency, requests - failed, failed, clock.Elapsed, latencies);
    }
}
