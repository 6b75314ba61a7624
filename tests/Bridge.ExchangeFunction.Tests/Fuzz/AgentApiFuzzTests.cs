using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Logging;

namespace Bridge.ExchangeFunction.Tests.Fuzz;

/// <summary>
/// A deterministic, seeded mutation fuzz of the agent API's bodies through the real pipeline: <c>POST /agent/v1/attest</c>
/// (the real IID attestor, each case for an instance of its own) and <c>POST /agent/v1/x509-svids</c> (an attested
/// agent, a fresh proof-of-possession assertion per case). Every answer is a 4xx, or a 200 for a body that is still
/// valid; never a 5xx, no exception, nothing logged at Error; every <c>control</c> case succeeds; and the node store
/// holds exactly the nodes whose attestation answered 200, so a refused attestation wrote nothing.
/// <c>BRIDGE_FUZZ_REQUESTS</c> sets the count (default 2,000, half per route) and <c>BRIDGE_FUZZ_SEED</c> the seed.
/// </summary>
public sealed class AgentApiFuzzTests(AgentFuzzFactory factory) : IClassFixture<AgentFuzzFactory>
{
    private const int DefaultRequests = 2000;
    private const int DefaultSeed = 20261207;
    private const string BatchPath = "/agent/v1/x509-svids";

    [Fact]
    public async Task AttestAndX509Svids_MutatedBodies_AreAnswered4xxOr200AndRefusalsWriteNothing()
    {
        var requests = Setting("BRIDGE_FUZZ_REQUESTS", DefaultRequests);
        var seed = Setting("BRIDGE_FUZZ_SEED", DefaultSeed);
        await factory.EnsureAgentAsync();
        var before = (await factory.NodeIdsAsync()).ToHashSet();
        var attested = new HashSet<SpiffeId>();
        var histogram = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();

        for (var i = 0; i < requests; i++)
        {
            // One generator per index: a failing index replays alone with the same seed, whatever ran before it.
            var random = new Random(unchecked((seed * 1_000_003) + i));
            var attest = i % 2 == 0;
            var (kind, body, contentType) = attest
                ? JsonBodyMutations.Create(random, factory.AttestationMembers(i))
                : JsonBodyMutations.Create(random, factory.BatchItemMembers(), item => "{\"requests\":[" + item + "]}");
            var route = attest ? "attest" : "x509-svids";
            using var request = new HttpRequestMessage(HttpMethod.Post, attest ? "/agent/v1/attest" : BatchPath)
            {
                Content = new ByteArrayContent(body),
            };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            if (!attest)
            {
                request.Headers.Authorization = factory.Authorization(BatchPath);
            }

            int status;
            try
            {
                using var response = await factory.Client.SendAsync(request, TestContext.Current.CancellationToken);
                status = (int)response.StatusCode;
                if (attest && status == 200)
                {
                    using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
                    attested.Add(SpiffeId.Parse(json.RootElement.GetProperty("spiffe_id").GetString()!));
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures.Add($"#{i} {route} {kind}: {ex.GetType().Name}: {ex.Message}");
                continue;
            }

            var key = $"{route} {kind} {status}";
            histogram[key] = histogram.GetValueOrDefault(key) + 1;
            if (status is not (200 or (>= 400 and < 500)) || (kind == "control" && status != 200))
            {
                failures.Add($"#{i} {route} {kind}: HTTP {status}");
            }
        }

        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"seed {seed}: {requests} requests; {string.Join(", ", histogram.Select(h => $"{h.Key}×{h.Value}"))}");
        var errors = factory.Logs.Logs.Where(l => l.Level >= LogLevel.Error).Select(l => $"log {l.EventId}: {l.Message}").Take(20);
        Assert.Empty(failures.Take(50).Concat(errors));

        // Exactly the 200 answers wrote a node record: nothing else reached the store.
        var after = (await factory.NodeIdsAsync()).ToHashSet();
        Assert.Equal(
            before.Union(attested).Select(id => id.ToString()).Order(StringComparer.Ordinal),
            after.Select(id => id.ToString()).Order(StringComparer.Ordinal));
        Assert.Contains(histogram, h => h.Key.StartsWith("attest control 200", StringComparison.Ordinal));
        Assert.Contains(histogram, h => h.Key.StartsWith("x509-svids control 200", StringComparison.Ordinal));
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
}
