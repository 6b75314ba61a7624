namespace Bridge.Cli.Demo;

/// <summary>
/// One checked step of the demo: what should happen, whether it did, what was seen, and for a denial why it was refused
/// (as the service's audit log or the TLS peer check says). A skipped step could not run here (the detail says why) and
/// is neither a pass nor a failure.
/// </summary>
internal sealed record DemoStep(string Name, string Expected, bool Passed, string Detail, string? Reason = null, bool Skipped = false);
