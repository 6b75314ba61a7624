namespace Bridge.Cli.ColdStart;

/// <summary>
/// One cold start: process start → first <c>/next</c> (init done) and → the first invocation's answer; the CPU time the
/// process had used by then (its threads' run time, which a busy shared machine inflates far less than wall time);
/// and its peak RSS.
/// </summary>
internal sealed record ColdStartSample(TimeSpan ToReady, TimeSpan ToFirstResponse, TimeSpan CpuTime, long PeakResidentBytes);
