using Bridge.Abstractions.Replay;
using Bridge.Authority.Local.Replay;
using Bridge.Testing.Conformance;

namespace Bridge.Authority.Tests.Replay;

public sealed class InMemoryReplayCacheConformanceTests : ReplayCacheConformanceTests
{
    protected override IReplayCache CreateCache(TimeProvider time) => new InMemoryReplayCache(time);
}
