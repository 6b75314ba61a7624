using Bridge.LambdaHosting;
using OpenTelemetry.Metrics;

namespace Bridge.ExchangeFunction.Hosting.Telemetry;

/// <summary>
/// Collects and exports the EMF reader after each Lambda invocation. Lambda freezes the environment between
/// invocations, and may end it without notice, so a periodic export would lose what was recorded last; one
/// collection per invocation, after the response is posted, costs the caller nothing.
/// </summary>
internal sealed class EmfInvocationFlusher(MetricReader reader) : ILambdaInvocationListener
{
    // The export writes a few lines to stdout: if it ever blocks this long, let the next invocation go on.
    private const int CollectTimeoutMilliseconds = 1000;

    /// <inheritdoc/>
    public void InvocationCompleted() => reader.Collect(CollectTimeoutMilliseconds);
}
