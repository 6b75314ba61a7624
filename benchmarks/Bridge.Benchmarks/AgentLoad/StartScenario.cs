extern alias agent;

using System.Diagnostics;
using agent::Bridge.Agent.Hosting;
using agent::Bridge.Agent.Interop;
using Microsoft.Extensions.Logging;

namespace Bridge.Benchmarks.AgentLoad;

/// <summary>
/// Agent start → first SVID served, in process against a warm exchange on loopback: the agent built by
/// <see cref="AgentApplication.Build"/> (every part real: IMDSv2, <c>aws_iid</c> attestation, entry sync, mint, the
/// Workload API on its socket) and a workload that opens FetchX509SVID as soon as the socket listens; the stream waits
/// for the first sync. Each run is a new instance (attests afresh), then the same agent restarted on its data directory
/// (its agent SVID loaded from disk). The first run pays this process's JIT and is reported apart.
/// </summary>
internal static class StartScenario
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(int runs, TextWriter output)
    {
        await using var exchange = await IidLoopbackExchange.StartAsync();
        var fresh = new List<Timings>();
        var restarts = new List<Timings>();
        for (var run = 0; run <= runs; run++)
        {
            var directory = Directory.CreateTempSubdirectory("bridge-bench-agent-").FullName;
            try
            {
                await exchange.NewInstanceAsync(Libc.GetEffectiveUserId());
                var first = await StartOnceAsync(exchange, directory);
                var again = await StartOnceAsync(exchange, directory);
                if (run == 0)
                {
                    output.WriteLine($"Warm-up run (cold JIT in this process): new instance {first}; restart {again}");
                    continue;
                }

                fresh.Add(first);
                restarts.Add(again);
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        Report(output, $"New instance (IMDS, attest, sync, mint), {runs} runs", fresh);
        Report(output, $"Restart (agent SVID from the data directory, sync, mint), {runs} runs", restarts);
    }

    private static async Task<Timings> StartOnceAsync(IidLoopbackExchange exchange, string directory)
    {
        string[] args = [.. exchange.AgentSettings(directory).Select(s => $"--{AgentOptions.SectionName}:{s.Key}={s.Value}")];
        var clock = Stopwatch.StartNew();
        var app = AgentApplication.Build(args, builder => builder.Logging.ClearProviders());
        var built = clock.Elapsed;
        try
        {
            await app.StartAsync();
            var listening = clock.Elapsed;
            using var client = WorkloadApiCaller.Connect(Path.Combine(directory, "agent.sock"));
            using var timeout = new CancellationTokenSource(Deadline);
            await WorkloadApiCaller.FetchX509SvidAsync(client, timeout.Token);
            return new Timings(built, listening, clock.Elapsed);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static void Report(TextWriter output, string title, List<Timings> timings)
    {
        output.WriteLine(title + ":");
        output.WriteLine($"  build → StartAsync returned (socket listening): {new Latencies(timings.Select(t => t.Listening - t.Built)).Describe()}");
        output.WriteLine($"  StartAsync → first SVID served:                 {new Latencies(timings.Select(t => t.FirstSvid - t.Built)).Describe()}");
        output.WriteLine($"  Build + StartAsync → first SVID served:         {new Latencies(timings.Select(t => t.FirstSvid)).Describe()}");
    }

    /// <summary>Elapsed since the start of <c>AgentApplication.Build</c>.</summary>
    private readonly record struct Timings(TimeSpan Built, TimeSpan Listening, TimeSpan FirstSvid)
    {
        public override string ToString() =>
            $"built {Latencies.Ms(Built)}, listening {Latencies.Ms(Listening)}, first SVID {Latencies.Ms(FirstSvid)}";
    }
}
