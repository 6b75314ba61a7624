using System.Security.Cryptography;
using Bridge.Abstractions.Keys;
using Xunit;

namespace Bridge.Testing.Conformance;

/// <summary>
/// The contract every <see cref="IKeyManager"/> backend must meet (after SPIRE's keymanagertest). A backend's test
/// project derives from this class and supplies a fresh, empty key manager per test.
/// </summary>
public abstract class KeyManagerConformanceTests
{
    /// <summary>Every key type, for theories.</summary>
    public static TheoryData<KeyType> AllKeyTypes => new(Enum.GetValues<KeyType>());

    /// <summary>Key types cheap enough to generate in every test.</summary>
    public static TheoryData<KeyType> FastKeyTypes => new(KeyType.EcP256, KeyType.EcP384, KeyType.Rsa2048);

    /// <summary>Each key type with each hash it must sign with.</summary>
    public static TheoryData<KeyType, string> KeyTypesAndHashes => new()
    {
        { KeyType.EcP256, "SHA256" },
        { KeyType.EcP256, "SHA384" },
        { KeyType.EcP256, "SHA512" },
        { KeyType.EcP384, "SHA256" },
        { KeyType.EcP384, "SHA384" },
        { KeyType.EcP384, "SHA512" },
        { KeyType.Rsa2048, "SHA256" },
        { KeyType.Rsa2048, "SHA384" },
        { KeyType.Rsa2048, "SHA512" },
        { KeyType.Rsa3072, "SHA256" },
        { KeyType.Rsa4096, "SHA256" },
    };

    /// <summary>Creates a new, empty key manager; called once per test.</summary>
    protected abstract IKeyManager CreateKeyManager();

    [Theory]
    [MemberData(nameof(AllKeyTypes))]
    public async Task GenerateKeyAsync_EachKeyType_ReturnsKeyOfThatType(KeyType keyType)
    {
        var manager = CreateKeyManager();

        var key = await manager.GenerateKeyAsync("key-1", keyType, CancellationToken.None);

        Assert.Equal("key-1", key.Id);
        Assert.Equal(keyType, key.KeyType);
        Assert.Equal(keyType, KeyTypeOf(key.SubjectPublicKeyInfo.Span));
    }

    [Theory]
    [MemberData(nameof(FastKeyTypes))]
    public async Task GetKeyAsync_AfterGenerate_ReturnsSameKey(KeyType keyType)
    {
        var manager = CreateKeyManager();
        var generated = await manager.GenerateKeyAsync("key-1", keyType, CancellationToken.None);

        var found = await manager.GetKeyAsync("key-1", CancellationToken.None);

        Assert.NotNull(found);
        Assert.Equal("key-1", found.Id);
        Assert.Equal(keyType, found.KeyType);
        Assert.Equal(generated.SubjectPublicKeyInfo.ToArray(), found.SubjectPublicKeyInfo.ToArray());
    }

    [Fact]
    public async Task GetKeyAsync_UnknownId_ReturnsNull()
    {
        var manager = CreateKeyManager();
        await manager.GenerateKeyAsync("known", KeyType.EcP256, CancellationToken.None);

        Assert.Null(await manager.GetKeyAsync("unknown", CancellationToken.None));
    }

    [Fact]
    public async Task GetKeysAsync_NoKeys_ReturnsEmpty()
    {
        var manager = CreateKeyManager();

        Assert.Empty(await manager.GetKeysAsync(CancellationToken.None));
    }

    [Fact]
    public async Task GenerateKeyAsync_ExistingId_ReplacesKey()
    {
        var manager = CreateKeyManager();
        var first = await manager.GenerateKeyAsync("key-1", KeyType.EcP256, CancellationToken.None);

        var second = await manager.GenerateKeyAsync("key-1", KeyType.EcP256, CancellationToken.None);

        Assert.NotEqual(first.SubjectPublicKeyInfo.ToArray(), second.SubjectPublicKeyInfo.ToArray());
        var found = await manager.GetKeyAsync("key-1", CancellationToken.None);
        Assert.Equal(second.SubjectPublicKeyInfo.ToArray(), found!.SubjectPublicKeyInfo.ToArray());
        Assert.Single(await manager.GetKeysAsync(CancellationToken.None));
    }

    [Fact]
    public async Task DeleteKeyAsync_ExistingKey_RemovesOnlyThatKey()
    {
        var manager = CreateKeyManager();
        await manager.GenerateKeyAsync("key-1", KeyType.EcP256, CancellationToken.None);
        var kept = await manager.GenerateKeyAsync("key-2", KeyType.EcP256, CancellationToken.None);

        Assert.True(await manager.DeleteKeyAsync("key-1", CancellationToken.None));

        Assert.Null(await manager.GetKeyAsync("key-1", CancellationToken.None));
        var remaining = Assert.Single(await manager.GetKeysAsync(CancellationToken.None));
        Assert.Equal("key-2", remaining.Id);
        Assert.Equal(kept.SubjectPublicKeyInfo.ToArray(), remaining.SubjectPublicKeyInfo.ToArray());
    }

    [Fact]
    public async Task DeleteKeyAsync_UnknownOrAlreadyDeleted_ReturnsFalse()
    {
        var manager = CreateKeyManager();
        await manager.GenerateKeyAsync("key-1", KeyType.EcP256, CancellationToken.None);
        Assert.True(await manager.DeleteKeyAsync("key-1", CancellationToken.None));

        Assert.False(await manager.DeleteKeyAsync("key-1", CancellationToken.None));
        Assert.False(await manager.DeleteKeyAsync("never-created", CancellationToken.None));
    }

    [Fact]
    public async Task GenerateKeyAsync_AfterDelete_CreatesFreshKey()
    {
        var manager = CreateKeyManager();
        var first = await manager.GenerateKeyAsync("key-1", KeyType.EcP256, CancellationToken.None);
        await manager.DeleteKeyAsync("key-1", CancellationToken.None);

        var second = await manager.GenerateKeyAsync("key-1", KeyType.EcP384, CancellationToken.None);

        Assert.NotEqual(first.SubjectPublicKeyInfo.ToArray(), second.SubjectPublicKeyInfo.ToArray());
        var found = await manager.GetKeyAsync("key-1", CancellationToken.None);
        Assert.Equal(KeyType.EcP384, found!.KeyType);
    }

    [Fact]
    public async Task GenerateKeyAsync_ExistingIdOtherType_ReplacesKeyAndType()
    {
        var manager = CreateKeyManager();
        await manager.GenerateKeyAsync("key-1", KeyType.EcP256, CancellationToken.None);

        var replacement = await manager.GenerateKeyAsync("key-1", KeyType.EcP384, CancellationToken.None);

        var found = await manager.GetKeyAsync("key-1", CancellationToken.None);
        Assert.Equal(KeyType.EcP384, found!.KeyType);
        Assert.Equal(replacement.SubjectPublicKeyInfo.ToArray(), found.SubjectPublicKeyInfo.ToArray());
        Assert.Equal(KeyType.EcP384, KeyTypeOf(found.SubjectPublicKeyInfo.Span));
    }

    [Fact]
    public async Task GetKeysAsync_SeveralKeys_ReturnsAllOrderedById()
    {
        var manager = CreateKeyManager();
        foreach (var id in new[] { "b", "c-2", "a", "B", "c-10" })
        {
            await manager.GenerateKeyAsync(id, KeyType.EcP256, CancellationToken.None);
        }

        var keys = await manager.GetKeysAsync(CancellationToken.None);

        Assert.Equal(["B", "a", "b", "c-10", "c-2"], keys.Select(k => k.Id));
    }

    [Theory]
    [MemberData(nameof(KeyTypesAndHashes))]
    public async Task SignDigestAsync_EachKeyTypeAndHash_VerifiesWithSubjectPublicKeyInfo(KeyType keyType, string hashName)
    {
        var manager = CreateKeyManager();
        var key = await manager.GenerateKeyAsync("signer", keyType, CancellationToken.None);
        var hash = new HashAlgorithmName(hashName);
        var digest = Digest(hash, "data to sign"u8);

        var signature = await key.SignDigestAsync(digest, hash, CancellationToken.None);

        Assert.True(Verify(key.SubjectPublicKeyInfo.Span, keyType, digest, signature, hash));
        Assert.False(Verify(key.SubjectPublicKeyInfo.Span, keyType, Digest(hash, "other data"u8), signature, hash));
    }

    [Fact]
    public async Task SignDigestAsync_KeyFromGetKeyAsync_VerifiesWithGeneratedPublicKey()
    {
        var manager = CreateKeyManager();
        var generated = await manager.GenerateKeyAsync("signer", KeyType.EcP256, CancellationToken.None);
        var found = await manager.GetKeyAsync("signer", CancellationToken.None);
        var digest = Digest(HashAlgorithmName.SHA256, "data"u8);

        var signature = await found!.SignDigestAsync(digest, HashAlgorithmName.SHA256, CancellationToken.None);

        Assert.True(Verify(generated.SubjectPublicKeyInfo.Span, KeyType.EcP256, digest, signature, HashAlgorithmName.SHA256));
    }

    [Fact]
    public async Task GenerateKeyAsync_Cancelled_ThrowsAndStoresNothing()
    {
        var manager = CreateKeyManager();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => manager.GenerateKeyAsync("key-1", KeyType.EcP256, new CancellationToken(canceled: true)));

        Assert.Null(await manager.GetKeyAsync("key-1", CancellationToken.None));
    }

    [Fact]
    public async Task GetKeyAsync_Cancelled_Throws()
    {
        var manager = CreateKeyManager();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => manager.GetKeyAsync("key-1", new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task GetKeysAsync_Cancelled_Throws()
    {
        var manager = CreateKeyManager();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => manager.GetKeysAsync(new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task SignDigestAsync_Cancelled_Throws()
    {
        var manager = CreateKeyManager();
        var key = await manager.GenerateKeyAsync("key-1", KeyType.EcP256, CancellationToken.None);
        var digest = Digest(HashAlgorithmName.SHA256, "data"u8);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => key.SignDigestAsync(digest, HashAlgorithmName.SHA256, new CancellationToken(canceled: true)));
    }

    /// <summary>Hashes <paramref name="data"/> with <paramref name="hash"/>.</summary>
    protected static byte[] Digest(HashAlgorithmName hash, ReadOnlySpan<byte> data) =>
        CryptographicOperations.HashData(hash, data.ToArray());

    /// <summary>Verifies a key manager signature (ECDSA DER or RSA PKCS#1 v1.5) with only the public key.</summary>
    protected static bool Verify(ReadOnlySpan<byte> subjectPublicKeyInfo, KeyType keyType, byte[] digest, byte[] signature, HashAlgorithmName hash)
    {
        if (keyType is KeyType.EcP256 or KeyType.EcP384)
        {
            using var ec = ECDsa.Create();
            ec.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
            return ec.VerifyHash(digest, signature, DSASignatureFormat.Rfc3279DerSequence);
        }

        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
        return rsa.VerifyHash(digest, signature, hash, RSASignaturePadding.Pkcs1);
    }

    /// <summary>Reads the key type from a SubjectPublicKeyInfo, independently of the key manager.</summary>
    protected static KeyType? KeyTypeOf(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        try
        {
            using var ec = ECDsa.Create();
            ec.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
            return ec.ExportParameters(false).Curve.Oid.Value switch
            {
                "1.2.840.10045.3.1.7" => KeyType.EcP256,
                "1.3.132.0.34" => KeyType.EcP384,
                _ => null,
            };
        }
        catch (CryptographicException)
        {
            using var rsa = RSA.Create();
            rsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
            return rsa.KeySize switch
            {
                2048 => KeyType.Rsa2048,
                3072 => KeyType.Rsa3072,
                4096 => KeyType.Rsa4096,
                _ => null,
            };
        }
    }
}
