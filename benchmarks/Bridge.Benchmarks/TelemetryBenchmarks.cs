extern alias exchange;

using BenchmarkDotNet.Attributes;
using Bridge.Authority.Exchange;
using Bridge.Authority.Telemetry;
using Bridge.Testing.Telemetry;
using exchange::Bridge.ExchangeFunction.Hosting.Telemetry;

namespace Bridge.Benchmarks;

/// <summary>
/// What the metrics cost in isolation, where the exchange benchmarks' own spread hides it: one exchange's recording
/// into the EMF collector that aggregates it, and the EMF flush a Lambda invocation ends with (to a discarding stream).
/// </summary>
[MemoryDiagnoser]
public class TelemetryBenchmarks
{
    private static readonly TimeSpan Elapsed = TimeSpan.FromMilliseconds(12);

    private readonly TestMeterFactory _meters = new();
    private AuthorityMetrics _metrics = null!;
    private EmfMetricCollector _collector = null!;

    [GlobalSetup]
    public void Setup()
    {
        _metrics = new AuthorityMetrics(_meters, TimeProvider.System);
        _collector = new EmfMetricCollector(
            AuthorityMetrics.MeterName, _meters, new EmfMetricExporter("Bridge/Bench", Stream.Null), TimeProvider.System, AuthorityMetrics.MaxTagCombinations);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _collector.Dispose();
        _meters.Dispose();
    }

    [Benchmark(Description = "Record one exchange (counter + histogram, 3 tags)")]
    public void RecordExchange() => _metrics.RecordExchange(AuthorityMetrics.IssuedOutcome, "oidc", SvidKind.Jwt, Elapsed);

    [Benchmark(Description = "Record one exchange, then the EMF flush of the invocation")]
    public bool RecordAndFlush()
    {
        _metrics.RecordExchange(AuthorityMetrics.IssuedOutcome, "oidc", SvidKind.Jwt, Elapsed);
        return _collector.Collect();
    }
}
