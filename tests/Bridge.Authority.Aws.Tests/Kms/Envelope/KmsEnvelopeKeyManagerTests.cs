using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.KeyManagementService.Model;
using Bridge.Abstractions.Keys;
using Bridge.Abstractions.State;
using Bridge.Authority.Aws.Kms.Envelope;
using Bridge.Authority.Local.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.Tests.Kms.Envelope;

/// <summary>What is stored, and that a stored key is used only when KMS and its public key both vouch for it.</summary>
public sealed class KmsEnvelopeKeyManagerTests(KmsEnvelopeFixture fixture) : IClassFixture<KmsEnvelopeFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task GenerateKeyAsync_Stores_OnlyPublicKeyAndCiphertext()
    {
        var store = new InMemoryAuthorityStateStore();
        var manager = fixture.NewManager(store: store);

        var key = await manager.GenerateKeyAsync("jwt-signer", KeyType.EcP256, None);

        var stored = await store.GetAsync(manager.DocumentName, None);
        var text = Encoding.UTF8.GetString(stored!.Content.Span);
        var entry = EnvelopeDocuments.Entry(JsonNode.Parse(text)!.AsObject(), "jwt-signer");
        Assert.Equal(1, (int)JsonNode.Parse(text)!["version"]!);
        Assert.Equal("ECC_NIST_P256", (string?)entry["keyPairSpec"]);
        Assert.Equal(fixture.WrappingKey.Arn, (string?)entry["wrappingKeyArn"]);
        Assert.Equal(key.SubjectPublicKeyInfo.ToArray(), Convert.FromBase64String((string)entry["publicKey"]!));
        using var ec = ECDsa.Create();
        ec.ImportPkcs8PrivateKey(fixture.Server.DataKeyPairPrivateKey(key.SubjectPublicKeyInfo.Span), out _);
        var privateScalar = ec.ExportParameters(includePrivateParameters: true).D!;
        Assert.DoesNotContain(Convert.ToBase64String(ec.ExportPkcs8PrivateKey()), text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(privateScalar), text, StringComparison.Ordinal);
        Assert.False(stored.Content.Span.IndexOf(privateScalar) >= 0);
    }

    [Fact]
    public async Task GenerateKeyAsync_EncryptionContext_NamesBridgeNamespaceAndKeyId()
    {
        var options = fixture.NewOptions();
        var store = new InMemoryAuthorityStateStore();
        await fixture.NewManager(options, store).GenerateKeyAsync("ca.2026", KeyType.EcP256, None);

        await fixture.NewManager(options, store).GetKeyAsync("ca.2026", None);

        var expected = new Dictionary<string, string>
        {
            ["bridge:purpose"] = "envelope-signing-key",
            ["bridge:namespace"] = options.Namespace,
            ["bridge:key-id"] = "ca.2026",
        };
        var generate = fixture.Server.Calls.Last(c => c.Operation == "GenerateDataKeyPair");
        var decrypt = fixture.Server.Calls.Last(c => c.Operation == "Decrypt");
        Assert.Equal(expected, generate.EncryptionContext);
        Assert.Equal(expected, decrypt.EncryptionContext);
        Assert.Equal(KmsEnvelopeFixture.WrappingAlias, decrypt.KeyId);
    }

    [Fact]
    public async Task GetKeyAsync_CiphertextSwappedBetweenKeyIds_RefusedByKms()
    {
        var options = fixture.NewOptions();
        var store = new InMemoryAuthorityStateStore();
        var writer = fixture.NewManager(options, store);
        await writer.GenerateKeyAsync("key-a", KeyType.EcP256, None);
        await writer.GenerateKeyAsync("key-b", KeyType.EcP256, None);
        var document = await EnvelopeDocuments.ReadAsync(store, writer.DocumentName);
        var a = EnvelopeDocuments.Entry(document, "key-a");
        var b = EnvelopeDocuments.Entry(document, "key-b");
        // A consistent swap (key-b's ciphertext and public key under key-a): only the encryption context can catch it.
        a["privateKeyCiphertext"] = b["privateKeyCiphertext"]!.DeepClone();
        a["publicKey"] = b["publicKey"]!.DeepClone();
        await EnvelopeDocuments.WriteAsync(store, writer.DocumentName, document);
        var reader = fixture.NewManager(options, store);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => reader.GetKeyAsync("key-a", None));

        Assert.IsType<InvalidCiphertextException>(exception.InnerException);
        Assert.NotNull(await reader.GetKeyAsync("key-b", None));
    }

    [Fact]
    public async Task GetKeyAsync_DocumentCopiedToOtherNamespace_RefusedByKms()
    {
        var store = new InMemoryAuthorityStateStore();
        var source = fixture.NewManager(store: store);
        await source.GenerateKeyAsync("key-a", KeyType.EcP256, None);
        var target = fixture.NewManager(store: store);
        await EnvelopeDocuments.WriteAsync(store, target.DocumentName, await EnvelopeDocuments.ReadAsync(store, source.DocumentName));

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => target.GetKeyAsync("key-a", None));

        Assert.IsType<InvalidCiphertextException>(exception.InnerException);
    }

    [Fact]
    public async Task GetKeyAsync_StoredPublicKeyReplaced_Refused()
    {
        var options = fixture.NewOptions();
        var store = new InMemoryAuthorityStateStore();
        var writer = fixture.NewManager(options, store);
        await writer.GenerateKeyAsync("key-a", KeyType.EcP256, None);
        var document = await EnvelopeDocuments.ReadAsync(store, writer.DocumentName);
        using var attackerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        EnvelopeDocuments.Entry(document, "key-a")["publicKey"] = Convert.ToBase64String(attackerKey.ExportSubjectPublicKeyInfo());
        await EnvelopeDocuments.WriteAsync(store, writer.DocumentName, document);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.NewManager(options, store).GetKeyAsync("key-a", None));
        Assert.Contains("does not match", exception.Message, StringComparison.Ordinal);
        // The instance holding the genuine key does not publish the altered public key either.
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.GetKeysAsync(None));
    }

    [Fact]
    public async Task GetKeyAsync_DocumentNamesAnotherWrappingKey_StillDecryptsWithConfiguredKeyOnly()
    {
        var options = fixture.NewOptions();
        var store = new InMemoryAuthorityStateStore();
        var writer = fixture.NewManager(options, store);
        var generated = await writer.GenerateKeyAsync("key-a", KeyType.EcP256, None);
        var document = await EnvelopeDocuments.ReadAsync(store, writer.DocumentName);
        var other = fixture.Server.AddKey("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT");
        EnvelopeDocuments.Entry(document, "key-a")["wrappingKeyArn"] = other.Arn;
        await EnvelopeDocuments.WriteAsync(store, writer.DocumentName, document);

        var found = await fixture.NewManager(options, store).GetKeyAsync("key-a", None);

        Assert.Equal(generated.SubjectPublicKeyInfo.ToArray(), found!.SubjectPublicKeyInfo.ToArray());
        Assert.Equal(KmsEnvelopeFixture.WrappingAlias, fixture.Server.Calls.Last(c => c.Operation == "Decrypt").KeyId);
    }

    [Fact]
    public async Task GetKeyAsync_ConfiguredWrappingKeyIsNotTheOneUsed_Refused()
    {
        var options = fixture.NewOptions();
        var store = new InMemoryAuthorityStateStore();
        await fixture.NewManager(options, store).GenerateKeyAsync("key-a", KeyType.EcP256, None);
        var other = fixture.Server.AddKey("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT");
        options.WrappingKeyId = other.Arn;

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.NewManager(options, store).GetKeyAsync("key-a", None));

        Assert.IsType<IncorrectKeyException>(exception.InnerException);
    }

    [Fact]
    public async Task GetKeyAsync_WrappingKeyDisabled_ThrowsDisabled()
    {
        var wrapping = fixture.Server.AddKey("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT");
        var options = fixture.NewOptions(wrappingKeyId: wrapping.Arn);
        var store = new InMemoryAuthorityStateStore();
        await fixture.NewManager(options, store).GenerateKeyAsync("key-a", KeyType.EcP256, None);
        fixture.Server.SetKeyState(wrapping.KeyId, "Disabled");

        await Assert.ThrowsAsync<DisabledException>(() => fixture.NewManager(options, store).GetKeyAsync("key-a", None));
    }

    [Fact]
    public async Task GenerateKeyAsync_WrappingKeyNotSymmetric_ThrowsAndStoresNothing()
    {
        var signingKey = fixture.Server.AddKey("ECC_NIST_P256", "SIGN_VERIFY");
        var store = new InMemoryAuthorityStateStore();
        var manager = fixture.NewManager(fixture.NewOptions(wrappingKeyId: signingKey.Arn), store);

        await Assert.ThrowsAsync<InvalidKeyUsageException>(() => manager.GenerateKeyAsync("key-a", KeyType.EcP256, None));

        Assert.Null(await store.GetAsync(manager.DocumentName, None));
    }

    [Fact]
    public async Task GenerateKeyAsync_DocumentWouldExceedStoreLimit_ThrowsAndLeavesDocument()
    {
        var store = new InMemoryAuthorityStateStore();
        var manager = fixture.NewManager(store: store);
        var filler = FillerDocument(IAuthorityStateStore.MaxContentBytes - 100);
        var before = await store.TryWriteAsync(manager.DocumentName, filler, 0, None);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => manager.GenerateKeyAsync("key-a", KeyType.EcP256, None));

        Assert.Contains("limit", exception.Message, StringComparison.Ordinal);
        Assert.Equal(before!.Revision, (await store.GetAsync(manager.DocumentName, None))!.Revision);
    }

    [Fact]
    public async Task GetKeyAsync_UnknownDocumentVersion_Throws()
    {
        var store = new InMemoryAuthorityStateStore();
        var manager = fixture.NewManager(store: store);
        await store.TryWriteAsync(manager.DocumentName, """{"version":2,"keys":[]}"""u8.ToArray(), 0, None);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => manager.GetKeysAsync(None));

        Assert.Contains("version 2", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsWithEveryError()
    {
        var options = new KmsEnvelopeKeyManagerOptions { WrappingKeyId = string.Empty, Namespace = "Not Valid", MaxAttempts = 0 };

        var exception = Assert.Throws<OptionsValidationException>(() => new KmsEnvelopeKeyManager(
            fixture.NewClient(fixture.NewOptions()), new InMemoryAuthorityStateStore(), Options.Create(options), TimeProvider.System,
            NullLogger<KmsEnvelopeKeyManager>.Instance));

        Assert.Equal(3, exception.Failures.Count());
    }

    /// <summary>A valid document of about <paramref name="size"/> bytes: one entry with a large (fake) ciphertext.</summary>
    private static byte[] FillerDocument(int size)
    {
        static byte[] Build(int ciphertextLength) => new EnvelopeKeyDocument
        {
            Keys = [new EnvelopeKeyEntry { Id = "filler", KeyPairSpec = "RSA_4096", PublicKey = [1], PrivateKeyCiphertext = new byte[ciphertextLength] }],
        }.Serialize();

        var overhead = Build(3).Length - 4;
        var content = Build((size - overhead) / 4 * 3);
        Assert.InRange(content.Length, size - 8, size);
        return content;
    }
}
