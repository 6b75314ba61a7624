using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Bridge.ExchangeFunction.Hosting.Telemetry;

/// <summary>
/// Aggregates one meter's measurements between two <see cref="Collect"/> calls and hands them to the
/// <see cref="EmfMetricExporter"/>: counters as their sum since the last collection, histograms as their values,
/// observable gauges as the value observed at collection. A <see cref="MeterListener"/> alone, not the OpenTelemetry
/// SDK: the Lambda bootstrap then links no SDK, which is 1.7 MB of every cold start's memory (docs/benchmarks.md).
/// </summary>
/// <remarks>
/// Collected once per Lambda invocation (<see cref="EmfInvocationFlusher"/>) and once more when the host stops. A
/// collection starts afresh, so a line carries only what happened since the previous one and CloudWatch sums them.
/// Counters, up-down counters, histograms and gauges are kept; observable counters are not (Bridge defines none).
/// </remarks>
internal sealed class EmfMetricCollector : IHostedService, IDisposable
{
    /// <summary>The tag a measurement gets when its instrument already holds the most tag sets allowed.</summary>
    internal const string OverflowTag = "otel.metric.overflow";

    private static readonly KeyValuePair<string, string>[] OverflowTags = [new(OverflowTag, "true")];

    private readonly string _meterName;
    private readonly object? _meterScope;
    private readonly EmfMetricExporter _exporter;
    private readonly TimeProvider _time;
    private readonly int _maxSeriesPerInstrument;
    private readonly MeterListener _listener;
    private readonly Lock _lock = new();
    // Series by a hash of instrument and tags, so a recording finds its series without building a key (no allocation
    // once the series exists); a hash shared by two tag sets chains them in the list.
    private Dictionary<int, List<EmfSeries>> _series = [];
    private Dictionary<Instrument, int> _seriesPerInstrument = [];
    private Dictionary<Instrument, EmfSeries> _overflow = [];

    /// <summary>Starts listening to meter <paramref name="meterName"/> at once, so nothing recorded during start is lost.</summary>
    /// <param name="meterName">The meter whose instruments are collected.</param>
    /// <param name="meterScope">
    /// The <see cref="IMeterFactory"/> that made the meter, so another service container's meter of the same name (a
    /// test host in the same process) is not collected; null for a meter made without one.
    /// </param>
    /// <param name="exporter">Where each collection goes.</param>
    /// <param name="time">The clock that stamps each collection.</param>
    /// <param name="maxSeriesPerInstrument">The most tag sets one instrument keeps between two collections; more fold into one overflow series.</param>
    public EmfMetricCollector(string meterName, object? meterScope, EmfMetricExporter exporter, TimeProvider time, int maxSeriesPerInstrument)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(meterName);
        ArgumentNullException.ThrowIfNull(exporter);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSeriesPerInstrument);
        _meterName = meterName;
        _meterScope = meterScope;
        _exporter = exporter;
        _time = time;
        _maxSeriesPerInstrument = maxSeriesPerInstrument;
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == _meterName && Equals(instrument.Meter.Scope, _meterScope) && KindOf(instrument) is { } kind)
                {
                    listener.EnableMeasurementEvents(instrument, kind);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, kind) => Record(instrument, (EmfSeriesKind)kind!, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, kind) => Record(instrument, (EmfSeriesKind)kind!, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, kind) => Record(instrument, (EmfSeriesKind)kind!, value, tags));
        _listener.SetMeasurementEventCallback<float>((instrument, value, tags, kind) => Record(instrument, (EmfSeriesKind)kind!, value, tags));
        _listener.Start();
    }

    /// <summary>Observes the gauges, writes what was recorded since the previous collection and starts afresh.</summary>
    /// <returns>True once written (also when there was nothing to write).</returns>
    /// <exception cref="Exception">A gauge's callback failed (as the runtime reports it); everything else was written first.</exception>
    public bool Collect()
    {
        // A failing gauge must not hold back the counters: they are written, then the failure is thrown to be logged
        // (LambdaServer logs a failing invocation listener and goes on).
        ExceptionDispatchInfo? gaugeFailure = null;
        try
        {
            _listener.RecordObservableInstruments();
        }
#pragma warning disable CA1031 // Rethrown below, once the rest is written.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            gaugeFailure = ExceptionDispatchInfo.Capture(exception);
        }

        List<EmfSeries> collected;
        lock (_lock)
        {
            collected = [.. _series.Values.SelectMany(chain => chain), .. _overflow.Values];
            _series = [];
            _seriesPerInstrument = [];
            _overflow = [];
        }

        _exporter.Export(collected, _time.GetUtcNow());
        gaugeFailure?.Throw();
        return true;
    }

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Writes what the last invocations recorded before the process ends.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        Collect();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Dispose() => _listener.Dispose();

    private static EmfSeriesKind? KindOf(Instrument instrument) => instrument switch
    {
        Counter<long> or Counter<int> or Counter<double> or Counter<float>
            or UpDownCounter<long> or UpDownCounter<int> or UpDownCounter<double> or UpDownCounter<float> => EmfSeriesKind.Sum,
        Histogram<long> or Histogram<int> or Histogram<double> or Histogram<float> => EmfSeriesKind.Histogram,
        ObservableGauge<long> or ObservableGauge<int> or ObservableGauge<double> or ObservableGauge<float>
            or Gauge<long> or Gauge<int> or Gauge<double> or Gauge<float> => EmfSeriesKind.Gauge,
        _ => null,
    };

    private void Record(Instrument instrument, EmfSeriesKind kind, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = HashOf(instrument, tags);
        lock (_lock)
        {
            (Find(hash, instrument, tags) ?? Create(hash, instrument, kind, tags)).Add(value);
        }
    }

    private EmfSeries? Find(int hash, Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_series.TryGetValue(hash, out var chain))
        {
            foreach (var series in chain)
            {
                if (series.Matches(instrument, tags))
                {
                    return series;
                }
            }
        }

        return null;
    }

    private EmfSeries Create(int hash, Instrument instrument, EmfSeriesKind kind, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var count = _seriesPerInstrument.GetValueOrDefault(instrument);
        if (count >= _maxSeriesPerInstrument)
        {
            if (!_overflow.TryGetValue(instrument, out var overflow))
            {
                overflow = new EmfSeries(instrument, kind, OverflowTags);
                _overflow.Add(instrument, overflow);
            }

            return overflow;
        }

        _seriesPerInstrument[instrument] = count + 1;
        var series = new EmfSeries(instrument, kind, Sorted(tags));
        if (!_series.TryGetValue(hash, out var chain))
        {
            chain = [];
            _series.Add(hash, chain);
        }

        chain.Add(series);
        return series;
    }

    // Independent of the tags' order, as the series' identity is.
    private static int HashOf(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = RuntimeHelpers.GetHashCode(instrument);
        foreach (var (name, value) in tags)
        {
            hash += HashCode.Combine(name, EmfSeries.TagValue(value));
        }

        return hash;
    }

    private static KeyValuePair<string, string>[] Sorted(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var sorted = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            sorted[i] = new(tags[i].Key, EmfSeries.TagValue(tags[i].Value));
        }

        // One order for one tag set, whatever order the caller gave: the line's dimension list follows it.
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return sorted;
    }
}
