namespace Bridge.Cli.Load;

/// <summary>What a load run measured: counts, throughput and latency percentiles of <c>POST /token</c>.</summary>
internal sealed record LoadReport(int Requests, int Concurrency, int Succeeded, int Failed, TimeSpan Elapsed, IReadOnlyList<TimeSpan> SortedLatencies)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public TimeSpan Percentile(double p)
    {
        if (SortedLatencies.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var index = (int)Math.Ceiling(p / 100 * SortedLatencies.Count) - 1;
        return SortedLatencies[Math.Clamp(index, 0, SortedLatencies.Count - 1)];
    }
}
