namespace Bridge.ExchangeFunction.Hosting.Telemetry;

/// <summary>Where <see cref="TelemetryOptions"/> sends metrics.</summary>
public enum MetricsExporter
{
    /// <summary>EMF in Lambda, OTLP where <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, none otherwise.</summary>
    Auto = 0,

    /// <summary>No exporter: instruments are not collected, so recording costs one enabled check.</summary>
    None,

    /// <summary>CloudWatch Embedded Metric Format lines on stdout, flushed after every Lambda invocation.</summary>
    Emf,

    /// <summary>OTLP, configured by the standard <c>OTEL_EXPORTER_OTLP_*</c> variables.</summary>
    Otlp,
}
