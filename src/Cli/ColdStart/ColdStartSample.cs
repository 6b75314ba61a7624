namespace Bridge.Cli.ColdStart;

/// <summary>One cold start: process start → first <c>/next</c> (init done) and → the first invocation's answer, and peak RSS.</summary>
internal sealed record ColdStartSample(TimeSpan ToReady, TimeSpan ToFirstResponse, long PeakResidentBytes);
