using Bridge.LambdaHosting;

namespace Bridge.ExchangeFunction.Hosting.Telemetry;

/// <summary>
/// Collects and exports the EMF metrics after each Lambda invocation. Lambda freezes the environment between
/// invocations, and may end it without notice, so a periodic export would lose what was recorded last; one
/// collection per invocation, after the response is posted, costs the caller nothing.
/// </summary>
internal sealed class EmfInvocationFlusher(EmfMetricCollector collector) : ILambdaInvocationListener
{
    /// <inheritdoc/>
    public void InvocationCompleted() => collector.Collect();
}
