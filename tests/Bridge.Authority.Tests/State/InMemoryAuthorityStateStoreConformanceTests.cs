using Bridge.Abstractions.State;
using Bridge.Authority.Local.State;
using Bridge.Testing.Conformance;

namespace Bridge.Authority.Tests.State;

public sealed class InMemoryAuthorityStateStoreConformanceTests : AuthorityStateStoreConformanceTests
{
    private readonly InMemoryAuthorityStateStore _store = new();

    protected override IAuthorityStateStore CreateStore() => _store;
}
