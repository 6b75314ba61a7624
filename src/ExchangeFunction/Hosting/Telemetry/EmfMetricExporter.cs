using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Bridge.ExchangeFunction.Hosting.Telemetry;

/// <summary>
/// Writes metrics as CloudWatch Embedded Metric Format: one JSON line per distinct set of tags, which Lambda's log
/// capture turns into CloudWatch metrics without an API call. Each line is
/// <c>{"_aws":{"Timestamp":…,"CloudWatchMetrics":[{"Namespace":…,"Dimensions":[[tag names],…],"Metrics":[{"Name":…,"Unit":…}]}]},
/// "tag":"value",…,"metric":value}</c>. Each line carries what happened since the previous collection
/// (<see cref="EmfMetricCollector"/>): counters as their sum, gauges as their last value, histograms as their values.
/// </summary>
/// <remarks>
/// Besides the full tag set, each line also publishes the metric under each <see cref="RollupTags"/> tag alone and
/// with no dimension at all, so alarms can read totals (all exchanges, issued ones, all KMS calls) without a SEARCH
/// expression, which alarms cannot use.
/// </remarks>
internal sealed class EmfMetricExporter
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

    /// <summary>Writes <paramref name="series"/> stamped <paramref name="timestamp"/>: one line per tag set.</summary>
    public void Export(IEnumerable<EmfSeries> series, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(series);

        // Metrics that share a tag set share a line, so one exchange's counter and duration arrive as one record.
        var lines = new Dictionary<string, EmfLine>(StringComparer.Ordinal);
        foreach (var one in series)
        {
            var values = one.Values(MaxValuesPerMetric);
            if (values.Length == 0)
            {
                continue;
            }

            var key = LineKey(one.Tags);
            if (!lines.TryGetValue(key, out var line))
            {
                line = new EmfLine(one.Tags, timestamp);
                lines.Add(key, line);
            }

            line.Metrics.Add(new EmfValue(one.Name, CloudWatchUnit(one.Unit), values));
        }

        if (lines.Count == 0)
        {
            return;
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

    private static string LineKey(KeyValuePair<string, string>[] tags)
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
            if (line.Tags.Length > 0)
            {
                foreach (var (name, _) in line.Tags)
                {
                    if (line.Tags.Length > 1 && RollupTags.Contains(name, StringComparer.Ordinal))
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

    private sealed record EmfLine(KeyValuePair<string, string>[] Tags, DateTimeOffset Timestamp)
    {
        public List<EmfValue> Metrics { get; } = [];
    }

    private sealed record EmfValue(string Name, string Unit, double[] Values);
}
