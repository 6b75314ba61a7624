using Microsoft.Extensions.Options;

namespace Bridge.ExchangeFunction.Hosting.Telemetry;

/// <summary>Checks <see cref="TelemetryOptions"/> at start: a namespace CloudWatch would refuse loses every metric silently.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    // CloudWatch namespaces: 1-255 characters from this set, and never the AWS/ prefix of AWS's own.
    private const int MaxNamespaceLength = 255;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Exporter))
        {
            failures.Add("Exporter: must be Auto, None, Emf or Otlp.");
        }
        else if (options.Exporter == MetricsExporter.Otlp && !TelemetryFeatures.OtlpExporter)
        {
            failures.Add("Exporter: Otlp is not in this build (the Lambda bootstrap exports EMF; publish it with BRIDGE_OTLP_EXPORTER=true to keep OTLP).");
        }

        var ns = options.EmfNamespace;
        if (string.IsNullOrWhiteSpace(ns) || ns.Length > MaxNamespaceLength || !ns.All(IsNamespaceChar)
            || ns.StartsWith("AWS/", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add("EmfNamespace: must be 1-255 letters, digits or . - _ / # : and spaces, and must not start with AWS/.");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }

    private static bool IsNamespaceChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/' or '#' or ':' or ' ';
}
