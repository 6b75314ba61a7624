namespace Bridge.Cli.Demo;

/// <summary>
/// One checked step of the demo: what should happen, whether it did, what was seen, and for a denial why it was refused
/// (as the service's audit log or the TLS peer check says).
/// </summary>
internal sealed record DemoStep(string Name, string Expected, bool Passed, string Detail, string? Reason = null);
