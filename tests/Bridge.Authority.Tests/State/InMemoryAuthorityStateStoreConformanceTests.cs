using Bridge.Abstractions.State;
using Bridge.Testing.Conformance;
using Bridge.Authority.Local.State;

namespace Bridge.Authority.Tests.State;

public sealed class InMemoryAuthorityStateStoreConformanceTests : AuthorityStateStoreConformanceTests
{
    private readonly InMemoryAuthorityStateStore _store = new();

    protected override IAuthorityStateStore CreateStore() => _store;
}
