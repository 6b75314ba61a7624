using Bridge.Abstractions.Keys;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;
using Bridge.Testing.Conformance;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Tests.Keys;

public sealed class FileKeyManagerConformanceTests : KeyManagerConformanceTests, IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("bridge-keys-");

    public void Dispose() => _root.Delete(recursive: true);

    protected override IKeyManager CreateKeyManager() =>
        new FileKeyManager(Options.Create(new FileKeyManagerOptions { Directory = Path.Combine(_root.FullName, "keys") }));
}
