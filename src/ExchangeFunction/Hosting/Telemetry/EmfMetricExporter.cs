using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Bridge.ExchangeFunction.Hosting.Telemetry;

/// <summary>
/// Writes metrics as CloudWatch Embedded Metric Format: one JSON line per distinct set of tags, which Lambda's log
/// capture turns into CloudWatch metrics without an API call. Each line is
/// <c>{"_aws":{"Timestamp":…,"CloudWatchMetrics":[{"Namespace":…,"Dimensions":[[tag names],…],"Metrics":[{"Name":…,"Unit":…}]}]},
/// "tag":"value",…,"metric":value}</c>. Expects delta temporality (the reader's), so each line carries what happened
/// since the previous flush: counters as their delta, gauges as their last value, histograms as samples.
/// </summary>
/// <remarks>
/// Besides the full tag set, each line also publishes the metric under each <see cref="RollupTags"/> tag alone and
/// with no dimension at all, so alarms can read totals (all exchanges, issued ones, all KMS calls) without a SEARCH
/// expression, which alarms cannot use.
/// </remarks>
internal sealed class EmfMetricExporter : BaseExporter<Metric>
{
    /// <summary>The most values an EMF metric may carry in one line.</summary>
    internal const int MaxValuesPerMetric = 100;

    /// <summary>The tags a metric is also published under alone.</summary>
    internal static readonly string[] RollupTags = ["outcome", "service"];

    private readonly string _namespace;
    private readonly Stream _output;
    private readonly Lock _writeLock = new();

    /// <summary>Creates the exporter; lines go to <paramref name="output"/> (stdout in Lambda).</summary>
    public EmfMetricExporter(string metricNamespace, Stream output)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metricNamespace);
        ArgumentNullException.ThrowIfNull(output);
        _namespace = metricNamespace;
        _output = output;
    }

    /// <inheritdoc/>
    public override ExportResult Export(in Batch<Metric> batch)
    {
        // Metrics that share a tag set share a line, so one exchange's counter and duration arrive as one record.
        var lines = new Dictionary<string, EmfLine>(StringComparer.Ordinal);
        foreach (var metric in batch)
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var value = ValueOf(metric.MetricType, point);
                if (value is null)
                {
                    continue;
                }

                var tags = new List<KeyValuePair<string, string>>();
                foreach (var tag in point.Tags)
                {
                    tags.Add(new(tag.Key, Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty));
                }

                var key = LineKey(tags);
                if (!lines.TryGetValue(key, out var line))
                {
                    line = new EmfLine(tags, point.EndTime);
                    lines.Add(key, line);
                }

                line.Metrics.Add(new EmfValue(metric.Name, CloudWatchUnit(metric.Unit), value));
            }
        }

        if (lines.Count == 0)
        {
            return ExportResult.Success;
        }

        var buffer = new ArrayBufferWriter<byte>();
        foreach (var line in lines.Values)
        {
            Write(buffer, line);
        }

        lock (_writeLock)
        {
            _output.Write(buffer.WrittenSpan);
            _output.Flush();
        }

        return ExportResult.Success;
    }

    /// <summary>The CloudWatch unit of an instrument unit (UCUM as OpenTelemetry names them).</summary>
    internal static string CloudWatchUnit(string? unit) => unit switch
    {
        "s" => "Seconds",
        "ms" => "Milliseconds",
        "By" => "Bytes",
        _ when unit is not null && unit.StartsWith('{') => "Count",
        _ => "None",
    };

    private static double[]? ValueOf(MetricType type, in MetricPoint point)
    {
        switch (type)
        {
            case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                var longSum = point.GetSumLong();
                return longSum == 0 ? null : [longSum];
            case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                var doubleSum = point.GetSumDouble();
                return doubleSum == 0 ? null : [doubleSum];
            case MetricType.LongGauge:
                return [point.GetGaugeLastValueLong()];
            case MetricType.DoubleGauge:
                return [point.GetGaugeLastValueDouble()];
            case MetricType.Histogram:
                return HistogramSamples(point);
            default:
                return null;
        }
    }

    /// <summary>
    /// A histogram as EMF samples. One recording (the usual case when flushing after every Lambda invocation) is its
    /// exact value; more are represented by their buckets' upper bounds (within the recorded min and max), repeated by
    /// count and scaled down to at most <see cref="MaxValuesPerMetric"/> samples.
    /// </summary>
    private static double[]? HistogramSamples(in MetricPoint point)
    {
        var count = point.GetHistogramCount();
        if (count == 0)
        {
            return null;
        }

        if (count == 1)
        {
            return [point.GetHistogramSum()];
        }

        var hasRange = point.TryGetHistogramMinMaxValues(out var min, out var max);
        var samples = new List<double>();
        foreach (var bucket in point.GetHistogramBuckets())
        {
            if (bucket.BucketCount == 0)
            {
                continue;
            }

            var representative = double.IsPositiveInfinity(bucket.ExplicitBound) ? (hasRange ? max : bucket.ExplicitBound) : bucket.ExplicitBound;
            if (hasRange)
            {
                representative = Math.Clamp(representative, min, max);
            }

            var repeats = count <= MaxValuesPerMetric ? bucket.BucketCount : Math.Max(1, bucket.BucketCount * MaxValuesPerMetric / count);
            for (var i = 0; i < repeats && samples.Count < MaxValuesPerMetric; i++)
            {
                samples.Add(representative);
            }
        }

        return [.. samples];
    }

    private static string LineKey(List<KeyValuePair<string, string>> tags)
    {
        var key = new StringBuilder();
        foreach (var (name, value) in tags)
        {
            key.Append(name).Append('\u0000').Append(value).Append('\u0001');
        }

        return key.ToString();
    }

    private void Write(ArrayBufferWriter<byte> buffer, EmfLine line)
    {
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", line.Timestamp.ToUnixTimeMilliseconds());
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", _namespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            foreach (var (name, _) in line.Tags)
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
            if (line.Tags.Count > 0)
            {
                foreach (var (name, _) in line.Tags)
                {
                    if (line.Tags.Count > 1 && RollupTags.Contains(name, StringComparer.Ordinal))
                    {
                        json.WriteStartArray();
                        json.WriteStringValue(name);
                        json.WriteEndArray();
                    }
                }

                json.WriteStartArray();
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (var metric in line.Metrics)
            {
                json.WriteStartObject();
                json.WriteString("Name", metric.Name);
                json.WriteString("Unit", metric.Unit);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();

            foreach (var (name, value) in line.Tags)
            {
                json.WriteString(name, value);
            }

            foreach (var metric in line.Metrics)
            {
                if (metric.Values.Length == 1)
                {
                    json.WriteNumber(metric.Name, metric.Values[0]);
                }
                else
                {
                    json.WriteStartArray(metric.Name);
                    foreach (var value in metric.Values)
                    {
                        json.WriteNumberValue(value);
                    }

                    json.WriteEndArray();
                }
            }

            json.WriteEndObject();
        }

        buffer.Write("\n"u8);
    }

    private sealed record EmfLine(List<KeyValuePair<string, string>> Tags, DateTimeOffset Timestamp)
    {
        public List<EmfValue> Metrics { get; } = [];
    }

    private sealed record EmfValue(string Name, string Unit, double[] Values);
}
