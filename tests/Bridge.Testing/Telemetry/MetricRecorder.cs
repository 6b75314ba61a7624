using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Bridge.Testing.Telemetry;

/// <summary>
/// Records every measurement of the meters one <see cref="IMeterFactory"/> created (a test host's, or a
/// <see cref="TestMeterFactory"/>): meters are process-wide, and the factory is what tells this test's apart.
/// </summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<RecordedMeasurement> _measurements = new();

    /// <summary>Starts listening to the meters of <paramref name="meterFactory"/>, those created later included.</summary>
    public MetricRecorder(IMeterFactory meterFactory)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The measurements of <paramref name="instrument"/>, in the order they were recorded.</summary>
    public IReadOnlyList<RecordedMeasurement> Of(string instrument) => [.. _measurements.Where(m => m.Instrument == instrument)];

    /// <summary>Reads the observable instruments now (their measurements are recorded like the others).</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    /// <inheritdoc/>
    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measurements.Enqueue(new RecordedMeasurement(
            instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString(), StringComparer.Ordinal)));
}
