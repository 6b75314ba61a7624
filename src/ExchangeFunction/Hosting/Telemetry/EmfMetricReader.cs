using OpenTelemetry.Metrics;

namespace Bridge.ExchangeFunction.Hosting.Telemetry;

/// <summary>
/// The reader of the EMF exporter: collected on demand (<see cref="EmfInvocationFlusher"/>) with delta temporality, so
/// each line carries what happened since the previous one and CloudWatch sums them.
/// </summary>
internal sealed class EmfMetricReader : BaseExportingMetricReader
{
    /// <summary>Creates the reader over <paramref name="exporter"/>.</summary>
    public EmfMetricReader(EmfMetricExporter exporter)
        : base(exporter) => TemporalityPreference = MetricReaderTemporalityPreference.Delta;
}
