using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Bridge.ExchangeFunction.Tests.Fuzz;

/// <summary>
/// A deterministic, seeded mutation fuzz of <c>POST /token</c> through the real pipeline (endpoint, form parser,
/// OIDC attestor with configured issuers, registration, issuers). Every response must be below 500, no request may
/// throw, nothing may be logged at Error or above, and every unmutated control request must succeed (so mutations
/// start from requests that reach issuance). <c>BRIDGE_FUZZ_REQUESTS</c> sets the count (default 2,000; the release
/// check runs 20,000) and <c>BRIDGE_FUZZ_SEED</c> the seed; a failure names the seed and the request index.
/// </summary>
public sealed class TokenEndpointFuzzTests(FuzzBridgeFactory factory) : IClassFixture<FuzzBridgeFactory>
{
    private const int DefaultRequests = 2000;
    private const int DefaultSeed = 20261207;

    [Fact]
    public async Task Token_MutatedRequests_NeverAnswer5xx()
    {
        var requests = Setting("BRIDGE_FUZZ_REQUESTS", DefaultRequests);
        var seed = Setting("BRIDGE_FUZZ_SEED", DefaultSeed);
        await factory.RegisterSeedsAsync();
        var mutations = new RequestMutations(factory);
        var statuses = new SortedDictionary<int, int>();
        var byKind = new SortedDictionary<string, SortedDictionary<int, int>>(StringComparer.Ordinal);
        var failures = new List<string>();
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < requests; i++)
        {
            // One generator per index: a failing index replays alone with the same seed, whatever ran before it.
            var (kind, request) = mutations.Create(new Random(unchecked((seed * 1_000_003) + i)));
            int status;
            try
            {
                using (request)
                using (var response = await factory.Client.SendAsync(request, TestContext.Current.CancellationToken))
                {
                    status = (int)response.StatusCode;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures.Add($"#{i} {kind}: {ex.GetType().Name}: {ex.Message}");
                continue;
            }

            Count(statuses, status);
            Count(byKind.TryGetValue(kind, out var counts) ? counts : byKind[kind] = [], status);
            if (status >= 500 || (kind.StartsWith("control-", StringComparison.Ordinal) && status != 200))
            {
                failures.Add($"#{i} {kind}: HTTP {status}");
            }
        }

        clock.Stop();
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"seed {seed}: {requests} requests in {clock.Elapsed.TotalSeconds:F1} s; status histogram: {Format(statuses)}");
        foreach (var (kind, counts) in byKind)
        {
            output?.WriteLine($"  {kind}: {Format(counts)}");
        }

        var errors = factory.Logs.Logs.Where(l => l.Level >= LogLevel.Error).Select(l => $"log {l.EventId}: {l.Message}").Take(20);
        Assert.Empty(failures.Take(50).Concat(errors));
        Assert.Equal(requests, statuses.Values.Sum());
        Assert.Contains(byKind, k => k.Key.StartsWith("control-", StringComparison.Ordinal));
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;

    private static void Count(SortedDictionary<int, int> counts, int status) =>
        counts[status] = counts.GetValueOrDefault(status) + 1;

    private static string Format(SortedDictionary<int, int> counts) =>
        string.Join(", ", counts.Select(c => $"{c.Key}×{c.Value}"));
}
