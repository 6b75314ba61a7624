using System.Security.Cryptography;
using Bridge.Abstractions;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Aws.Kms.Envelope;
using Bridge.Authority.Local.State;
using Bridge.Testing.Logging;

namespace Bridge.Authority.Aws.Tests.Kms.Envelope;

/// <summary>Decrypt once per key and process, instances sharing one store, KMS throttling, and what reaches the logs.</summary>
public sealed class KmsEnvelopeKeyManagerCachingTests(KmsEnvelopeFixture fixture) : IClassFixture<KmsEnvelopeFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly byte[] Digest = SHA256.HashData("data"u8);

    [Fact]
    public async Task GetKeyAsync_RepeatedUseInOneProcess_DecryptsEachKeyOnce()
    {
        var options = fixture.NewOptions();
        var store = new InMemoryAuthorityStateStore();
        var writer = fixture.NewManager(options, store);
        await writer.GenerateKeyAsync("key-1", KeyType.EcP256, None);
        await writer.GenerateKeyAsync("key-2", KeyType.Rsa2048, None);
        var reader = fixture.NewManager(options, store);
        var before = fixture.DecryptCalls;

        // Concurrent first uses (a cold start under load) share one Decrypt.
        var first = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => reader.GetKeyAsync("key-1", None)));
        var again = await reader.GetKeyAsync("key-1", None);
        await again!.SignDigestAsync(Digest, HashAlgorithmName.SHA256, None);
        await reader.GetKeysAsync(None);
        await reader.GetKeysAsync(None);

        Assert.All(first, k => Assert.Same(first[0], k));
        Assert.Equal(2, fixture.DecryptCalls - before);
    }

    [Fact]
    public async Task GenerateKeyAsync_OwnKey_NeverDecrypted()
    {
        var manager = fixture.NewManager();
        var before = fixture.DecryptCalls;

        var key = await manager.GenerateKeyAsync("key-1", KeyType.EcP256, None);
        await manager.GetKeyAsync("key-1", None);
        await manager.GetKeysAsync(None);
        await key.SignDigestAsync(Digest, HashAlgorithmName.SHA256, None);

        Assert.Equal(0, fixture.DecryptCalls - before);
    }

    [Fact]
    public async Task GetKeyAsync_KeyInCachedDocument_DoesNotReadStoreAgain()
    {
        var options = fixture.NewOptions();
        var store = new RecordingStateStore();
        await fixture.NewManager(options, store).GenerateKeyAsync("key-1", KeyType.EcP256, None);
        var reader = fixture.NewManager(options, store);
        await reader.GetKeyAsync("key-1", None);
        var reads = store.Reads;

        await reader.GetKeyAsync("key-1", None);
        Assert.Equal(reads, store.Reads);

        // A miss re-reads: another instance may have written the key since.
        Assert.Null(await reader.GetKeyAsync("key-2", None));
        Assert.Equal(reads + 1, store.Reads);
    }

    [Fact]
    public async Task TwoManagers_OneStore_SeeEachOthersKeys()
    {
        var options = fixture.NewOptions();
        var store = new InMemoryAuthorityStateStore();
        var a = fixture.NewManager(options, store);
        var b = fixture.NewManager(options, store);
        await a.GenerateKeyAsync("from-a", KeyType.EcP256, None);
        await a.GetKeysAsync(None);
        var fromB = await b.GenerateKeyAsync("from-b", KeyType.EcP384, None);

        var seenByA = await a.GetKeyAsync("from-b", None);
        Assert.Equal(fromB.SubjectPublicKeyInfo.ToArray(), seenByA!.SubjectPublicKeyInfo.ToArray());
        var signature = await seenByA.SignDigestAsync(Digest, HashAlgorithmName.SHA256, None);
        using var verifier = ECDsa.Create();
        verifier.ImportSubjectPublicKeyInfo(fromB.SubjectPublicKeyInfo.Span, out _);
        Assert.True(verifier.VerifyHash(Digest, signature, DSASignatureFormat.Rfc3279DerSequence));
        Assert.Equal(["from-a", "from-b"], (await b.GetKeysAsync(None)).Select(k => k.Id));

        Assert.True(await b.DeleteKeyAsync("from-a", None));
        Assert.Equal(["from-b"], (await a.GetKeysAsync(None)).Select(k => k.Id));
    }

    [Fact]
    public async Task GenerateKeyAsync_AnotherInstanceWritesFirst_BothKeysKept()
    {
        var options = fixture.NewOptions();
        var store = new RecordingStateStore();
        var a = fixture.NewManager(options, store);
        var b = fixture.NewManager(options, store);
        store.BeforeNextWrite(() => b.GenerateKeyAsync("from-b", KeyType.EcP256, None));

        await a.GenerateKeyAsync("from-a", KeyType.EcP256, None);

        // b's write, a's lost compare-and-swap, a's retry on the re-read document.
        Assert.Equal(3, store.Writes);
        Assert.Equal(["from-a", "from-b"], (await fixture.NewManager(options, store).GetKeysAsync(None)).Select(k => k.Id));
    }

    [Fact]
    public async Task GenerateKeyAsync_ThrottledWithinAttempts_Succeeds()
    {
        var manager = fixture.NewManager(fixture.NewOptions(maxAttempts: 3));
        var before = fixture.Server.CallCount("GenerateDataKeyPair");
        fixture.Server.ThrottleNext(2, "GenerateDataKeyPair");

        await manager.GenerateKeyAsync("key-1", KeyType.EcP256, None);

        Assert.Equal(3, fixture.Server.CallCount("GenerateDataKeyPair") - before);
        Assert.NotNull(await manager.GetKeyAsync("key-1", None));
    }

    [Fact]
    public async Task GenerateKeyAsync_ThrottledBeyondAttempts_ThrowsDependencyUnavailableAndStoresNothing()
    {
        var store = new InMemoryAuthorityStateStore();
        var manager = fixture.NewManager(fixture.NewOptions(maxAttempts: 3), store);
        fixture.Server.ThrottleNext(3, "GenerateDataKeyPair");

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => manager.GenerateKeyAsync("key-1", KeyType.EcP256, None));

        Assert.Null(await store.GetAsync(manager.DocumentName, None));
    }

    [Fact]
    public async Task GetKeyAsync_DecryptThrottledBeyondAttempts_ThrowsDependencyUnavailableThenRecovers()
    {
        var options = fixture.NewOptions(maxAttempts: 2);
        var store = new InMemoryAuthorityStateStore();
        await fixture.NewManager(options, store).GenerateKeyAsync("key-1", KeyType.EcP256, None);
        var reader = fixture.NewManager(options, store);
        fixture.Server.ThrottleNext(2, "Decrypt");

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => reader.GetKeyAsync("key-1", None));

        Assert.NotNull(await reader.GetKeyAsync("key-1", None));
    }

    [Fact]
    public async Task Logs_GenerateDecryptRetryAndSign_NeverContainPrivateKey()
    {
        var options = fixture.NewOptions(maxAttempts: 3);
        var store = new InMemoryAuthorityStateStore();
        var logger = new CapturingLogger<KmsEnvelopeKeyManager>();
        var writer = fixture.NewManager(options, store, logger);
        fixture.Server.ThrottleNext(1, "GenerateDataKeyPair");
        await writer.GenerateKeyAsync("ec", KeyType.EcP256, None);
        await writer.GenerateKeyAsync("rsa", KeyType.Rsa2048, None);
        var reader = fixture.NewManager(options, store, logger);
        fixture.Server.ThrottleNext(1, "Decrypt");

        var keys = await reader.GetKeysAsync(None);
        foreach (var key in keys)
        {
            await key.SignDigestAsync(Digest, HashAlgorithmName.SHA256, None);
        }

        var secrets = keys.SelectMany(k => Secrets(k.KeyType, fixture.Server.DataKeyPairPrivateKey(k.SubjectPublicKeyInfo.Span)!)).ToList();
        Assert.Contains(logger.Entries, e => e.Contains(" 3100 ", StringComparison.Ordinal));
        Assert.Contains(logger.Entries, e => e.Contains(" 3101 ", StringComparison.Ordinal));
        Assert.Contains(logger.Entries, e => e.Contains(" 3006 ", StringComparison.Ordinal));
        foreach (var entry in logger.Entries)
        {
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, entry, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>The private key as PKCS#8 and as its bare private parameters, each in base64 and hex.</summary>
    private static IEnumerable<string> Secrets(KeyType keyType, byte[] pkcs8)
    {
        var raw = new List<byte[]> { pkcs8 };
        if (keyType is KeyType.Rsa2048 or KeyType.Rsa3072 or KeyType.Rsa4096)
        {
            using var rsa = RSA.Create();
            rsa.ImportPkcs8PrivateKey(pkcs8, out _);
            var parameters = rsa.ExportParameters(true);
            raw.AddRange([parameters.D!, parameters.P!, parameters.Q!]);
        }
        else
        {
            using var ec = ECDsa.Create();
            ec.ImportPkcs8PrivateKey(pkcs8, out _);
            raw.Add(ec.ExportParameters(true).D!);
        }

        return raw.SelectMany(b => new[] { Convert.ToBase64String(b), Convert.ToHexString(b) });
    }
}
