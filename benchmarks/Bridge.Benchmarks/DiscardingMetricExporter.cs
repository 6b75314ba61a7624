using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Bridge.Benchmarks;

/// <summary>
/// An exporter that drops what it is given: with it, an OpenTelemetry SDK listens to and aggregates every recording as
/// the deployed service's does, so the benchmarks pay the metrics' cost on the hot path (export runs after the
/// response in Lambda and is measured apart).
/// </summary>
internal sealed class DiscardingMetricExporter : BaseExporter<Metric>
{
    public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
}
