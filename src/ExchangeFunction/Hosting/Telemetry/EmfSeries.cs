using System.Diagnostics.Metrics;
using System.Globalization;

namespace Bridge.ExchangeFunction.Hosting.Telemetry;

/// <summary>
/// What one instrument recorded with one tag set since the last collection. A histogram keeps its distinct values with
/// their counts; past <see cref="EmfMetricExporter.MaxValuesPerMetric"/> distinct values they are rounded to fewer
/// significant digits, so a flood of recordings never grows it beyond that while its shape survives.
/// </summary>
/// <remarks>Not thread-safe: the collector adds under its lock and exports after swapping the series out.</remarks>
internal sealed class EmfSeries(Instrument instrument, EmfSeriesKind kind, KeyValuePair<string, string>[] tags)
{
    // A double's full precision: values are kept as recorded.
    private const int ExactDigits = 17;

    // Rounding steps for a histogram with too many distinct values: 3, then 2, then 1 significant digit(s).
    private const int FirstRoundingDigits = 3;

    private readonly Dictionary<double, long> _values = [];
    private int _significantDigits = ExactDigits;
    // A counter's sum or a gauge's last value.
    private double _number;

    /// <summary>The instrument's name.</summary>
    public string Name => instrument.Name;

    /// <summary>The instrument's unit (UCUM, as OpenTelemetry names them), if any.</summary>
    public string? Unit => instrument.Unit;

    /// <summary>How the series keeps what is recorded.</summary>
    public EmfSeriesKind Kind { get; } = kind;

    /// <summary>The tags, ordered by name.</summary>
    public KeyValuePair<string, string>[] Tags { get; } = tags;

    /// <summary>A tag value as a line carries it.</summary>
    public static string TagValue(object? value) => value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>Whether this is <paramref name="of"/>'s series for <paramref name="with"/>, in any order.</summary>
    public bool Matches(Instrument of, ReadOnlySpan<KeyValuePair<string, object?>> with)
    {
        if (!ReferenceEquals(of, instrument) || with.Length != Tags.Length)
        {
            return false;
        }

        foreach (var (name, value) in with)
        {
            var found = false;
            foreach (var (ownName, ownValue) in Tags)
            {
                if (string.Equals(ownName, name, StringComparison.Ordinal))
                {
                    found = string.Equals(ownValue, TagValue(value), StringComparison.Ordinal);
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Records one measurement.</summary>
    public void Add(double value)
    {
        switch (Kind)
        {
            case EmfSeriesKind.Sum:
                _number += value;
                break;
            case EmfSeriesKind.Gauge:
                _number = value;
                break;
            default:
                AddSample(value);
                break;
        }
    }

    /// <summary>
    /// The EMF values: one number for a counter (none when it summed to zero) or a gauge; for a histogram, its values
    /// repeated by count, scaled down to <paramref name="maxValues"/> in proportion to their counts.
    /// </summary>
    public double[] Values(int maxValues)
    {
        if (Kind == EmfSeriesKind.Sum)
        {
            return _number == 0 ? [] : [_number];
        }

        if (Kind == EmfSeriesKind.Gauge)
        {
            return [_number];
        }

        long total = 0;
        foreach (var count in _values.Values)
        {
            total += count;
        }

        // Past the limit each value keeps its share of the samples (the largest remainders get the last ones), so the
        // distribution's shape survives the scaling; a value rarer than one in the limit may go unsampled.
        var shares = _values.Select(pair => (pair.Key, Exact: total <= maxValues ? pair.Value : (double)pair.Value * maxValues / total)).ToList();
        var repeats = shares.ToDictionary(share => share.Key, share => (long)Math.Floor(share.Exact));
        var left = Math.Min(total, maxValues) - repeats.Values.Sum();
        foreach (var (value, _) in shares.OrderByDescending(share => share.Exact - Math.Floor(share.Exact)).ThenByDescending(share => share.Key).Take((int)left))
        {
            repeats[value]++;
        }

        var samples = new List<double>();
        foreach (var (value, count) in repeats.OrderBy(pair => pair.Key))
        {
            for (var i = 0; i < count; i++)
            {
                samples.Add(value);
            }
        }

        return [.. samples];
    }

    private void AddSample(double value)
    {
        var key = Round(value, _significantDigits);
        _values[key] = _values.GetValueOrDefault(key) + 1;
        while (_values.Count > EmfMetricExporter.MaxValuesPerMetric && _significantDigits > 1)
        {
            _significantDigits = Math.Min(_significantDigits - 1, FirstRoundingDigits);
            var rounded = new Dictionary<double, long>();
            foreach (var (old, count) in _values)
            {
                var at = Round(old, _significantDigits);
                rounded[at] = rounded.GetValueOrDefault(at) + count;
            }

            _values.Clear();
            foreach (var (at, count) in rounded)
            {
                _values[at] = count;
            }
        }
    }

    private static double Round(double value, int significantDigits)
    {
        if (significantDigits >= ExactDigits || value == 0 || double.IsNaN(value) || double.IsInfinity(value))
        {
            return value;
        }

        var scale = Math.Pow(10, significantDigits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(value))));
        return Math.Round(value * scale) / scale;
    }
}
