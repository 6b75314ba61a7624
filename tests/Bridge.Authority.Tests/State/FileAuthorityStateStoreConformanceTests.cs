using Bridge.Abstractions.State;
using Bridge.Authority.Local.State;
using Bridge.Testing.Conformance;

namespace Bridge.Authority.Tests.State;

/// <summary>Every call returns a new store instance over one directory, so CAS is exercised across instances (and their file locks).</summary>
public sealed class FileAuthorityStateStoreConformanceTests : AuthorityStateStoreConformanceTests, IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("bridge-state-");

    public void Dispose() => _root.Delete(recursive: true);

    protected override IAuthorityStateStore CreateStore() =>
        new FileAuthorityStateStore(Microsoft.Extensions.Options.Options.Create(new FileAuthorityStateStoreOptions { Directory = Path.Combine(_root.FullName, "state") }));
}
