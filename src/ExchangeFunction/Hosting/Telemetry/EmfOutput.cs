namespace Bridge.ExchangeFunction.Hosting.Telemetry;

/// <summary>Where EMF lines are written: stdout, which Lambda sends to CloudWatch Logs.</summary>
/// <param name="Stream">The stream; it stays open for the life of the process.</param>
internal sealed record EmfOutput(Stream Stream);
