using System.Diagnostics;
using System.Globalization;
using Bridge.Client.WorkloadApi;

namespace Bridge.Benchmarks.AgentLoad;

/// <summary>
/// The cached <c>FetchX509SVID</c> round trip, per call: a stream opened on an established connection, the caller
/// attested (<c>SO_PEERCRED</c>, <c>/proc</c>), its entries matched, the first response read, the stream closed. After
/// a warm-up, <c>calls</c> calls by <c>concurrency</c> callers sharing one channel; the latency of each, and the CPU
/// time of this process (client and server) per call.
/// </summary>
internal static class FetchScenario
{
    private const int WarmUpCalls = 500;

    public static async Task RunAsync(int calls, int concurrency, TextWriter output)
    {
        await using var api = await InProcessWorkloadApi.StartAsync();
        using var client = WorkloadApiCaller.Connect(api.SocketPath);

        await RunCallsAsync(client, WarmUpCalls, concurrency);
        // CPU time per call (client and server, this whole process) depends far less than latency on what else runs.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var latencies = await RunCallsAsync(client, calls, concurrency);
        clock.Stop();
        var cpuPerCall = (Process.GetCurrentProcess().TotalProcessorTime - cpu) / calls;

        var rate = (calls / clock.Elapsed.TotalSeconds).ToString("F0", CultureInfo.InvariantCulture);
        output.WriteLine($"FetchX509SVID (cached, first response), {calls} calls, concurrency {concurrency}: {rate} calls/s, CPU {Latencies.Ms(cpuPerCall)} per call (client + server)");
        output.WriteLine($"  {latencies.Describe()}");
    }

    private static async Task<Latencies> RunCallsAsync(WorkloadApiClient client, int calls, int concurrency)
    {
        var latencies = new TimeSpan[calls];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < calls)
            {
                var started = Stopwatch.GetTimestamp();
                await WorkloadApiCaller.FetchX509SvidAsync(client);
                latencies[i] = Stopwatch.GetElapsedTime(started);
            }
        }));
        return new Latencies(latencies);
    }
}
