using System.Diagnostics.CodeAnalysis;

namespace Bridge.ExchangeFunction.Hosting.Telemetry;

/// <summary>
/// What this build of the service can export. The Lambda bootstrap is published without the OTLP exporter
/// (<c>scripts/publish-bootstrap.sh</c> sets <see cref="OtlpSwitch"/> to false, and the trimmer then drops the
/// OpenTelemetry SDK it needs): in Lambda metrics leave as EMF, and the SDK would cost every cold start 1.7 MB.
/// </summary>
internal static class TelemetryFeatures
{
    /// <summary>The runtime switch; <c>BRIDGE_OTLP_EXPORTER=true scripts/publish-bootstrap.sh …</c> keeps the exporter in.</summary>
    internal const string OtlpSwitch = "Bridge.Telemetry.OtlpExporter";

    /// <summary>Whether the OTLP exporter is in this build (true unless the publish switched it off).</summary>
    [FeatureSwitchDefinition(OtlpSwitch)]
    public static bool OtlpExporter { get; } = !AppContext.TryGetSwitch(OtlpSwitch, out var enabled) || enabled;
}
