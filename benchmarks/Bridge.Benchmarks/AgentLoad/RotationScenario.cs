using System.Diagnostics;
using Grpc.Core;

namespace Bridge.Benchmarks.AgentLoad;

/// <summary>
/// Rotation with many open streams: <c>streams</c> FetchX509SVID streams of one caller stay open on the socket (over as
/// many HTTP/2 connections as the server's 100 streams per connection need), then the caller's SVID is renewed (one
/// sync, one mint, one snapshot published) and the time is taken until every stream has received the new SVID.
/// </summary>
internal static class RotationScenario
{
    public static async Task RunAsync(int streams, int rounds, TextWriter output)
    {
        await using var api = await InProcessWorkloadApi.StartAsync();
        using var client = WorkloadApiCaller.Connect(api.SocketPath);
        var calls = new AsyncServerStreamingCall<X509SVIDResponse>[streams];
        try
        {
            for (var i = 0; i < streams; i++)
            {
                calls[i] = WorkloadApiCaller.OpenX509Stream(client);
            }

            await Task.WhenAll(calls.Select(call => WorkloadApiCaller.NextAsync(call)));
            output.WriteLine($"Rotation with {streams} open FetchX509SVID streams, {rounds} renewals (the first is a warm-up):");
            for (var round = 0; round <= rounds; round++)
            {
                var received = new long[streams];
                var reads = calls.Select(async (call, i) =>
                {
                    await WorkloadApiCaller.NextAsync(call);
                    received[i] = Stopwatch.GetTimestamp();
                }).ToArray();

                var started = Stopwatch.GetTimestamp();
                await api.RenewAsync();
                var published = Stopwatch.GetElapsedTime(started);
                await Task.WhenAll(reads);
                var perStream = new Latencies(received.Select(t => Stopwatch.GetElapsedTime(started, t)));
                if (round > 0)
                {
                    output.WriteLine($"  renewal {round}: sync+mint+publish {Latencies.Ms(published)}, all {streams} streams updated after {Latencies.Ms(perStream.Percentile(100))}; per stream p50={Latencies.Ms(perStream.Percentile(50))} p99={Latencies.Ms(perStream.Percentile(99))}");
                }
            }
        }
        finally
        {
            foreach (var call in calls)
            {
                call?.Dispose();
            }
        }
    }
}
