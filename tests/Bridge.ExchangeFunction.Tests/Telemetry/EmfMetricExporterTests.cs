using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json;
using Bridge.ExchangeFunction.Hosting.Telemetry;

namespace Bridge.ExchangeFunction.Tests.Telemetry;

/// <summary>
/// The EMF collector and exporter write lines in the shape CloudWatch accepts (<c>_aws.CloudWatchMetrics[{Namespace,
/// Dimensions, Metrics[{Name, Unit}]}]</c>, with every dimension and metric as a root member), one per tag set, carrying
/// what happened since the previous collection. Each test has a meter of its own name, so no other test's measurements
/// reach its collector.
/// </summary>
public sealed class EmfMetricExporterTests : IDisposable
{
    private readonly string _meterName = "Bridge.Tests.Emf." + Guid.NewGuid().ToString("N");
    private readonly MemoryStream _output = new();
    private readonly Meter _meter;
    private readonly EmfMetricCollector _collector;

    public EmfMetricExporterTests()
    {
        _meter = new Meter(_meterName);
        _collector = new EmfMetricCollector(_meterName, null, new EmfMetricExporter("Bridge/Test", _output), TimeProvider.System, MaxSeries);
    }

    private const int MaxSeries = 3;

    [Fact]
    public void Collect_CounterAndHistogramWithOneTagSet_OneSpecShapedLine()
    {
        var counter = _meter.CreateCounter<long>("bridge.exchange.requests", "{request}");
        var histogram = _meter.CreateHistogram<double>("bridge.exchange.duration", "s");
        KeyValuePair<string, object?>[] tags = [new("outcome", "issued"), new("attestor", "oidc")];

        counter.Add(1, tags);
        histogram.Record(0.0042, tags);
        var line = Assert.Single(Collect());

        AssertSpecShape(line);
        var directive = line.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0];
        Assert.Equal("Bridge/Test", directive.GetProperty("Namespace").GetString());
        // The full tag set, the outcome alone (for alarms on issued exchanges), and no dimension (for totals).
        Assert.Equal(
            ["attestor,outcome", "outcome", string.Empty],
            directive.GetProperty("Dimensions").EnumerateArray().Select(set => string.Join(',', set.EnumerateArray().Select(d => d.GetString()).Order())));
        var units = directive.GetProperty("Metrics").EnumerateArray().ToDictionary(m => m.GetProperty("Name").GetString()!, m => m.GetProperty("Unit").GetString());
        Assert.Equal("Count", units["bridge.exchange.requests"]);
        Assert.Equal("Seconds", units["bridge.exchange.duration"]);
        Assert.Equal("issued", line.GetProperty("outcome").GetString());
        Assert.Equal(1, line.GetProperty("bridge.exchange.requests").GetDouble());
        Assert.Equal(0.0042, line.GetProperty("bridge.exchange.duration").GetDouble(), 9);
    }

    [Fact]
    public void Collect_TwoTagSets_TwoLines()
    {
        var counter = _meter.CreateCounter<long>("requests", "{request}");

        counter.Add(1, new KeyValuePair<string, object?>("outcome", "issued"));
        counter.Add(2, new KeyValuePair<string, object?>("outcome", "replayed"));
        var lines = Collect();

        Assert.Equal(2, lines.Count);
        Assert.All(lines, AssertSpecShape);
        Assert.Equal(2, lines.Single(l => l.GetProperty("outcome").GetString() == "replayed").GetProperty("requests").GetDouble());
    }

    [Fact]
    public void Collect_Repeatedly_EachLineCarriesOnlyWhatHappenedSince()
    {
        var counter = _meter.CreateCounter<long>("requests", "{request}");

        counter.Add(2);
        var first = Assert.Single(Collect());
        counter.Add(3);
        var second = Assert.Single(Collect());
        var third = Collect();

        Assert.Equal(2, first.GetProperty("requests").GetDouble());
        Assert.Equal(3, second.GetProperty("requests").GetDouble());
        Assert.Empty(third);
    }

    [Fact]
    public void Collect_ManyHistogramValues_AtMostTheEmfLimitOfSamplesWithinTheRecordedRange()
    {
        var histogram = _meter.CreateHistogram<double>("latency", "s");
        for (var i = 0; i < 500; i++)
        {
            histogram.Record(i < 400 ? 0.003 : 2.0);
        }

        var samples = Assert.Single(Collect()).GetProperty("latency").EnumerateArray().Select(v => v.GetDouble()).ToList();

        Assert.InRange(samples.Count, 2, EmfMetricExporter.MaxValuesPerMetric);
        Assert.All(samples, s => Assert.InRange(s, 0.003, 2.0));
        // The split between fast and slow calls survives the scaling (4 to 1).
        Assert.Equal(4.0, samples.Count(s => s < 1) / (double)samples.Count(s => s >= 1), 1);
    }

    [Fact]
    public void Collect_FewHistogramValues_EachExactly()
    {
        var histogram = _meter.CreateHistogram<double>("latency", "s");

        histogram.Record(0.02);
        histogram.Record(0.0042);
        histogram.Record(0.0042);

        Assert.Equal([0.0042, 0.0042, 0.02], Assert.Single(Collect()).GetProperty("latency").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public void Collect_ManyDistinctHistogramValues_RoundedToAtMostTheEmfLimit()
    {
        var histogram = _meter.CreateHistogram<double>("latency", "s");
        for (var i = 1; i <= 5_000; i++)
        {
            histogram.Record(i / 1000.0);
        }

        var samples = Assert.Single(Collect()).GetProperty("latency").EnumerateArray().Select(v => v.GetDouble()).ToList();

        Assert.Equal(EmfMetricExporter.MaxValuesPerMetric, samples.Count);
        Assert.InRange(samples.Min(), 0.001, 0.2);
        Assert.InRange(samples.Max(), 4.5, 5.0);
        // Uniform in, roughly uniform out: the median sample is near the middle.
        Assert.InRange(samples.Order().ElementAt(samples.Count / 2), 2.0, 3.0);
    }

    [Fact]
    public void Collect_TagsInAnyOrder_OneSeries()
    {
        var counter = _meter.CreateCounter<long>("requests", "{request}");

        counter.Add(1, new KeyValuePair<string, object?>("outcome", "issued"), new KeyValuePair<string, object?>("attestor", "oidc"));
        counter.Add(1, new KeyValuePair<string, object?>("attestor", "oidc"), new KeyValuePair<string, object?>("outcome", "issued"));

        Assert.Equal(2, Assert.Single(Collect()).GetProperty("requests").GetDouble());
    }

    [Fact]
    public void Collect_MoreTagSetsThanAllowed_TheRestFoldIntoOneOverflowSeries()
    {
        var counter = _meter.CreateCounter<long>("requests", "{request}");
        for (var i = 0; i < MaxSeries + 2; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("attestor", "a" + i));
        }

        var lines = Collect();

        Assert.Equal(MaxSeries + 1, lines.Count);
        var overflow = Assert.Single(lines, l => l.TryGetProperty(EmfMetricCollector.OverflowTag, out _));
        Assert.Equal(2, overflow.GetProperty("requests").GetDouble());
        Assert.Equal(MaxSeries + 2, lines.Sum(l => l.GetProperty("requests").GetDouble()));

        // The bound is per collection: the next one starts afresh.
        counter.Add(1, new KeyValuePair<string, object?>("attestor", "a9"));
        Assert.False(Assert.Single(Collect()).TryGetProperty(EmfMetricCollector.OverflowTag, out _));
    }

    [Fact]
    public void Collect_AGaugeThrows_TheRestIsWrittenAndTheFailureReported()
    {
        Func<double> notLoaded = () => throw new InvalidOperationException("not loaded");
        _meter.CreateObservableGauge("bridge.ca.time_to_expiry", notLoaded, "s");
        _meter.CreateCounter<long>("requests", "{request}").Add(2);
        _output.SetLength(0);

        Assert.ThrowsAny<Exception>(() => _collector.Collect());

        Assert.Equal(2, Assert.Single(Lines()).GetProperty("requests").GetDouble());
    }

    [Fact]
    public async Task Stop_WritesWhatWasRecordedSinceTheLastCollection()
    {
        _meter.CreateCounter<long>("requests", "{request}").Add(4);

        await _collector.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(4, Assert.Single(Lines()).GetProperty("requests").GetDouble());
    }

    [Fact]
    public void Collect_AnotherMetersInstruments_NotCollected()
    {
        using var other = new Meter(_meterName + ".other");
        other.CreateCounter<long>("requests").Add(1);

        Assert.Empty(Collect());
    }

    [Fact]
    public void Collect_ObservableGauge_LastValueEveryCollection()
    {
        var value = 100.0;
        _meter.CreateObservableGauge("bridge.ca.time_to_expiry", () => value, "s");

        var first = Assert.Single(Collect());
        value = 40;
        var second = Assert.Single(Collect());

        Assert.Equal(100, first.GetProperty("bridge.ca.time_to_expiry").GetDouble());
        Assert.Equal(40, second.GetProperty("bridge.ca.time_to_expiry").GetDouble());
        Assert.Empty(second.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Dimensions")[0].EnumerateArray());
    }

    [Theory]
    [InlineData("s", "Seconds")]
    [InlineData("ms", "Milliseconds")]
    [InlineData("By", "Bytes")]
    [InlineData("{request}", "Count")]
    [InlineData("1", "None")]
    [InlineData(null, "None")]
    public void CloudWatchUnit_MapsOpenTelemetryUnits(string? unit, string expected) =>
        Assert.Equal(expected, EmfMetricExporter.CloudWatchUnit(unit));

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
        _output.Dispose();
    }

    /// <summary>Checks a line against the EMF specification's required members.</summary>
    internal static void AssertSpecShape(JsonElement line)
    {
        var aws = line.GetProperty("_aws");
        Assert.Equal(JsonValueKind.Number, aws.GetProperty("Timestamp").ValueKind);
        Assert.True(aws.GetProperty("Timestamp").GetInt64() > 1_600_000_000_000);
        var directives = aws.GetProperty("CloudWatchMetrics");
        Assert.Equal(JsonValueKind.Array, directives.ValueKind);
        foreach (var directive in directives.EnumerateArray())
        {
            var ns = directive.GetProperty("Namespace").GetString();
            Assert.False(string.IsNullOrWhiteSpace(ns));
            foreach (var dimensionSet in directive.GetProperty("Dimensions").EnumerateArray())
            {
                Assert.InRange(dimensionSet.GetArrayLength(), 0, 30);
                foreach (var dimension in dimensionSet.EnumerateArray())
                {
                    // Every dimension is a root member with a string value.
                    Assert.Equal(JsonValueKind.String, line.GetProperty(dimension.GetString()!).ValueKind);
                }
            }

            var metrics = directive.GetProperty("Metrics");
            Assert.InRange(metrics.GetArrayLength(), 1, 100);
            foreach (var metric in metrics.EnumerateArray())
            {
                var value = line.GetProperty(metric.GetProperty("Name").GetString()!);
                Assert.True(value.ValueKind == JsonValueKind.Number
                    || (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() <= 100 && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Number)));
                Assert.Contains(metric.GetProperty("Unit").GetString(), new[] { "Seconds", "Milliseconds", "Bytes", "Count", "None" });
            }
        }
    }

    private List<JsonElement> Collect()
    {
        _output.SetLength(0);
        Assert.True(_collector.Collect());
        return Lines();
    }

    private List<JsonElement> Lines()
    {
        var text = Encoding.UTF8.GetString(_output.ToArray());
        Assert.True(text.Length == 0 || text.EndsWith('\n'));
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }
}
