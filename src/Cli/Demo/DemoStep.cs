namespace Bridge.Cli.Demo;

/// <summary>One checked step of the demo: what should happen, whether it did, and what was seen.</summary>
internal sealed record DemoStep(string Name, string Expected, bool Passed, string Detail);
