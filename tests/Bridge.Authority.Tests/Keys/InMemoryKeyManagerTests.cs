using Bridge.Abstractions.Keys;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;
using Bridge.Testing.Conformance;

namespace Bridge.Authority.Tests.Keys;

public sealed class InMemoryKeyManagerTests : KeyManagerConformanceTests
{
    protected override IKeyManager CreateKeyManager() => new InMemoryKeyManager();

    [Theory]
    [InlineData("../escape")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    [InlineData("")]
    public async Task GenerateKeyAsync_InvalidId_Throws(string keyId)
    {
        var manager = new InMemoryKeyManager();

        await Assert.ThrowsAsync<ArgumentException>(() => manager.GenerateKeyAsync(keyId, KeyType.EcP256, CancellationToken.None));
    }
}
