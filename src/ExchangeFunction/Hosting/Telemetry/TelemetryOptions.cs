namespace Bridge.ExchangeFunction.Hosting.Telemetry;

/// <summary>Where metrics go (docs/observability.md). Section <c>Bridge:Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Bridge:Telemetry";

    /// <summary>The CloudWatch namespace of the default <see cref="EmfNamespace"/>.</summary>
    public const string DefaultEmfNamespace = "Bridge";

    /// <summary>
    /// The exporter. <see cref="MetricsExporter.Auto"/> (the default) picks EMF in Lambda, OTLP where
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and none otherwise.
    /// </summary>
    public MetricsExporter Exporter { get; set; } = MetricsExporter.Auto;

    /// <summary>The CloudWatch namespace EMF metrics are published under.</summary>
    public string EmfNamespace { get; set; } = DefaultEmfNamespace;
}
