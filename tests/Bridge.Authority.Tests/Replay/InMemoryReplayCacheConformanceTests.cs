using Bridge.Abstractions.Replay;
using Bridge.Testing.Conformance;
using Bridge.Authority.Local.Replay;

namespace Bridge.Authority.Tests.Replay;

public sealed class InMemoryReplayCacheConformanceTests : ReplayCacheConformanceTests
{
    protected override IReplayCache CreateCache(TimeProvider time) => new InMemoryReplayCache(time);
}
