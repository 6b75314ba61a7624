using System.Globalization;

namespace Bridge.Benchmarks.AgentLoad;

/// <summary>Measured durations, sorted, with nearest-rank percentiles (as <c>bridge load</c> reports them).</summary>
internal sealed class Latencies
{
    private readonly TimeSpan[] _sorted;

    public Latencies(IEnumerable<TimeSpan> values)
    {
        _sorted = [.. values];
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;

    public TimeSpan Percentile(double p) =>
        _sorted.Length == 0 ? TimeSpan.Zero : _sorted[Math.Clamp((int)Math.Ceiling(p / 100 * _sorted.Length) - 1, 0, _sorted.Length - 1)];

    /// <summary>One line: <c>n=… p50=… p90=… p99=… max=…</c> in milliseconds.</summary>
    public string Describe() =>
        $"n={Count} min={Ms(Percentile(0))} p50={Ms(Percentile(50))} p90={Ms(Percentile(90))} p99={Ms(Percentile(99))} max={Ms(Percentile(100))}";

    public static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("F3", CultureInfo.InvariantCulture) + " ms";
}
