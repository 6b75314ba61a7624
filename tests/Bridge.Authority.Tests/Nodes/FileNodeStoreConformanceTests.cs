using Bridge.Abstractions.Nodes;
using Bridge.Authority.Local.Nodes;
using Bridge.Testing.Conformance;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Tests.Nodes;

/// <summary>
/// Every call returns a new store instance over one file, as the service and <c>bridge agent</c> are, so conditional
/// writes are exercised across instances and their file locks.
/// </summary>
public sealed class FileNodeStoreConformanceTests : NodeStoreConformanceTests, IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("bridge-nodes-");

    public void Dispose() => _root.Delete(recursive: true);

    protected override ValueTask<INodeStore> CreateStoreAsync(TimeProvider time, TimeSpan expiryGrace) =>
        ValueTask.FromResult<INodeStore>(new FileNodeStore(
            Options.Create(new FileNodeStoreOptions { Path = Path.Combine(_root.FullName, "state", "nodes.json"), ExpiryGrace = expiryGrace }),
            time));
}
