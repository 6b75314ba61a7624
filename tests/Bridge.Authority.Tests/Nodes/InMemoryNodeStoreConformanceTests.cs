using Bridge.Abstractions.Nodes;
using Bridge.Authority.Local.Nodes;
using Bridge.Testing.Conformance;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Tests.Nodes;

public sealed class InMemoryNodeStoreConformanceTests : NodeStoreConformanceTests
{
    private readonly Lock _lock = new();
    private InMemoryNodeStore? _store;

    protected override ValueTask<INodeStore> CreateStoreAsync(TimeProvider time, TimeSpan expiryGrace)
    {
        lock (_lock)
        {
            _store ??= new InMemoryNodeStore(Options.Create(new InMemoryNodeStoreOptions { ExpiryGrace = expiryGrace }), time);
            return ValueTask.FromResult<INodeStore>(_store);
        }
    }
}
