extern alias agent;

using System.Diagnostics;
using System.Globalization;
using agent::Bridge.Agent.Hosting;
using agent::Bridge.Agent.Interop;
using Bridge.Testing.Lambda;
using Grpc.Core;

namespace Bridge.Benchmarks.AgentLoad;

/// <summary>
/// The published Native AOT <c>bridge-agent</c> run as a process (configured by <c>BridgeAgent__…</c> variables, as
/// systemd runs it) against the exchange and IMDS on loopback in this process, which is also its workload. Each run is
/// a new instance: process start → first SVID served, after one unmeasured run that warms the exchange. In the last run,
/// the agent's memory (<c>VmRSS</c>, <c>VmHWM</c> of <c>/proc/&lt;pid&gt;/status</c>) idle after the first sync, and with
/// <c>streams</c> FetchX509SVID streams open from this process over <c>channels</c> channels (each opens as many
/// HTTP/2 connections as the agent's 100 streams per connection need).
/// </summary>
internal static class PublishedAgentScenario
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(string binary, int runs, int streams, int channels, TimeSpan settle, IReadOnlyDictionary<string, string> extraEnvironment, TextWriter output)
    {
        await using var exchange = await IidLoopbackExchange.StartAsync();
        var starts = new List<TimeSpan>();
        for (var run = 0; run <= runs; run++)
        {
            await exchange.NewInstanceAsync(Libc.GetEffectiveUserId());
            var directory = Directory.CreateTempSubdirectory("bridge-bench-aot-").FullName;
            try
            {
                var environment = exchange.AgentSettings(directory)
                    .ToDictionary(s => $"{AgentOptions.SectionName}:{s.Key}".Replace(":", "__", StringComparison.Ordinal), s => s.Value, StringComparer.Ordinal);
                foreach (var (name, value) in extraEnvironment)
                {
                    environment[name] = value;
                }

                var clock = Stopwatch.StartNew();
                await using var process = BootstrapProcess.Start(binary, directory, environment);
                var socketPath = Path.Combine(directory, "agent.sock");
                await FirstSvidAsync(process, socketPath);
                if (run > 0)
                {
                    starts.Add(clock.Elapsed);
                }

                if (run == runs)
                {
                    output.WriteLine($"bridge-agent (Native AOT) process start → first SVID served, {runs} runs after a warm-up: {new Latencies(starts).Describe()}");
                    await MeasureMemoryAsync(process, socketPath, streams, channels, settle, output);
                }
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static async Task FirstSvidAsync(BootstrapProcess process, string socketPath)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        while (!File.Exists(socketPath))
        {
            if (process.Exited.IsCompleted)
            {
                throw new InvalidOperationException("The agent exited at start:\n" + process.Output);
            }

            await Task.Delay(2, timeout.Token);
        }

        using var client = WorkloadApiCaller.Connect(socketPath);
        await WorkloadApiCaller.FetchX509SvidAsync(client, timeout.Token);
    }

    private static async Task MeasureMemoryAsync(BootstrapProcess process, string socketPath, int streams, int channels, TimeSpan settle, TextWriter output)
    {
        await Task.Delay(settle);
        output.WriteLine($"  idle after the first sync (+{settle.TotalSeconds:F0} s): {Memory(process.Id)}");

        var clients = Enumerable.Range(0, channels).Select(_ => WorkloadApiCaller.Connect(socketPath)).ToArray();
        var calls = new List<AsyncServerStreamingCall<X509SVIDResponse>>();
        try
        {
            for (var i = 0; i < streams; i++)
            {
                calls.Add(WorkloadApiCaller.OpenX509Stream(clients[i % clients.Length]));
            }

            var opened = Stopwatch.StartNew();
            await Task.WhenAll(calls.Select(call => WorkloadApiCaller.NextAsync(call)));
            output.WriteLine($"  {streams} streams over {channels} channel(s) opened and answered in {Latencies.Ms(opened.Elapsed)}");
            await Task.Delay(settle);
            output.WriteLine($"  with {streams} open streams (+{settle.TotalSeconds:F0} s): {Memory(process.Id)}");
        }
        finally
        {
            calls.ForEach(call => call.Dispose());
            Array.ForEach(clients, client => client.Dispose());
        }
    }

    private static string Memory(int processId) =>
        string.Join(", ", new[] { "VmRSS", "RssAnon", "RssFile", "VmHWM" }.Select(field => $"{field} {Mb(BootstrapProcess.ReadStatusBytes(processId, field))}"));

    private static string Mb(long? bytes) =>
        bytes is { } value ? (value / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture) + " MiB" : "n/a";
}
