extern alias exchange;

using BenchmarkDotNet.Attributes;
using Bridge.Authority.Exchange;
using Bridge.Authority.Telemetry;
using Bridge.Testing.Telemetry;
using exchange::Bridge.ExchangeFunction.Hosting.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Bridge.Benchmarks;

/// <summary>
/// What the metrics cost in isolation, where the exchange benchmarks' own spread hides it: one exchange's recording
/// into an SDK that aggregates it, and the EMF flush a Lambda invocation ends with (to a discarding stream).
/// </summary>
[MemoryDiagnoser]
public class TelemetryBenchmarks
{
    private static readonly TimeSpan Elapsed = TimeSpan.FromMilliseconds(12);

    private readonly TestMeterFactory _meters = new();
    private AuthorityMetrics _metrics = null!;
    private EmfMetricReader _reader = null!;
    private MeterProvider _provider = null!;

    [GlobalSetup]
    public void Setup()
    {
        _metrics = new AuthorityMetrics(_meters, TimeProvider.System);
        _reader = new EmfMetricReader(new EmfMetricExporter("Bridge/Bench", Stream.Null));
        _provider = Sdk.CreateMeterProviderBuilder().AddMeter(AuthorityMetrics.MeterName).AddReader(_reader).Build();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _provider.Dispose();
        _meters.Dispose();
    }

    [Benchmark(Description = "Record one exchange (counter + histogram, 3 tags)")]
    public void RecordExchange() => _metrics.RecordExchange(AuthorityMetrics.IssuedOutcome, "oidc", SvidKind.Jwt, Elapsed);

    [Benchmark(Description = "Record one exchange, then the EMF flush of the invocation")]
    public bool RecordAndFlush()
    {
        _metrics.RecordExchange(AuthorityMetrics.IssuedOutcome, "oidc", SvidKind.Jwt, Elapsed);
        return _reader.Collect();
    }
}
