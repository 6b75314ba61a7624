namespace Bridge.Cli.ColdStart;

/// <summary>The cold starts of one scenario (the first invocation's event), with nearest-rank percentiles.</summary>
internal sealed record ColdStartResult(string Scenario, string EventFile, IReadOnlyList<ColdStartSample> Samples)
{
    public TimeSpan ToReady(double percentile) => Percentile(Samples.Select(s => s.ToReady), percentile);

    public TimeSpan ToFirstResponse(double percentile) => Percentile(Samples.Select(s => s.ToFirstResponse), percentile);

    public TimeSpan CpuTime(double percentile) => Percentile(Samples.Select(s => s.CpuTime), percentile);

    public long PeakResidentBytes(double percentile) => Percentile(Samples.Select(s => s.PeakResidentBytes), percentile);

    internal static T Percentile<T>(IEnumerable<T> values, double percentile)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return default!;
        }

        var index = (int)Math.Ceiling(percentile / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }
}
