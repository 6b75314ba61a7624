using System.Security.Cryptography;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Issuance.Jwt;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;
using Bridge.Authority.Local.State;
using Bridge.Testing.Authority;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using static Bridge.Authority.Tests.Issuance.Jwt.JwtTestSupport;

namespace Bridge.Authority.Tests.Issuance.Jwt;

public sealed class JwtSvidIssuerKeyTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("bridge-jwt-");

    public void Dispose() => _root.Delete(recursive: true);

    [Theory]
    [InlineData(KeyType.EcP256)]
    [InlineData(KeyType.EcP384)]
    [InlineData(KeyType.Rsa2048)]
    public async Task InitializeAsync_NoKey_GeneratesKeyOfConfiguredType(KeyType keyType)
    {
        var keyManager = new InMemoryKeyManager();

        var issuer = await CreateInitializedAsync(keyManager, NewClock(), keyType);

        var key = Assert.Single(await keyManager.GetKeysAsync(CancellationToken.None));
        Assert.Equal(keyType, key.KeyType);
        Assert.StartsWith("jwt-", key.Id, StringComparison.Ordinal);
        Assert.NotEqual(JwtSvidIssuer.SigningKeyId, key.Id);
        Assert.Equal(key.SubjectPublicKeyInfo.ToArray(), Assert.Single(await issuer.GetPublishedKeysAsync(CancellationToken.None)).SubjectPublicKeyInfo);
    }

    [Fact]
    public async Task InitializeAsync_ExistingKey_IsReused()
    {
        var keyManager = new InMemoryKeyManager();
        var existing = await keyManager.GenerateKeyAsync(JwtSvidIssuer.SigningKeyId, KeyType.EcP256, CancellationToken.None);

        var issuer = await CreateInitializedAsync(keyManager, NewClock());

        var published = Assert.Single(await issuer.GetPublishedKeysAsync(CancellationToken.None));
        Assert.Equal(existing.SubjectPublicKeyInfo.ToArray(), published.SubjectPublicKeyInfo);
    }

    [Fact]
    public async Task InitializeAsync_ExistingKeyOfOtherType_KeepsSigningWithItUntilRotated()
    {
        // Replacing a published key at once would break every token it signed; rotation moves to the new type.
        var keyManager = new InMemoryKeyManager();
        var existing = await keyManager.GenerateKeyAsync(JwtSvidIssuer.SigningKeyId, KeyType.EcP256, CancellationToken.None);

        var issuer = await CreateInitializedAsync(keyManager, NewClock(), KeyType.EcP384);

        var issued = await issuer.IssueAsync(Subject, ["reports"], TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.StartsWith("{\"alg\":\"ES256\"", HeaderJson(issued.Token), StringComparison.Ordinal);
        Assert.Equal(existing.SubjectPublicKeyInfo.ToArray(), (await issuer.GetPublishedKeysAsync(CancellationToken.None))[0].SubjectPublicKeyInfo);
    }

    [Fact]
    public async Task InitializeAsync_ConcurrentCalls_GenerateOneKey()
    {
        var keyManager = new CountingKeyManager(new InMemoryKeyManager());
        var issuer = SingleProcessAuthority.CreateJwtIssuer(keyManager, Microsoft.Extensions.Options.Options.Create(Options()), NewClock());

        await Task.WhenAll(issuer.InitializeAsync(CancellationToken.None), issuer.InitializeAsync(CancellationToken.None));

        Assert.Equal(1, keyManager.Generated);
    }

    [Theory]
    [InlineData(KeyType.EcP256)]
    [InlineData(KeyType.EcP384)]
    [InlineData(KeyType.Rsa2048)]
    public async Task KeyId_IsRfc7638ThumbprintOfPublishedKey(KeyType keyType)
    {
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), NewClock(), keyType);

        var published = Assert.Single(await issuer.GetPublishedKeysAsync(CancellationToken.None));
        var issued = await issuer.IssueAsync(Subject, ["reports"], TimeSpan.FromMinutes(5), CancellationToken.None);

        var expected = Base64UrlEncoder.Encode(ToJsonWebKey(published).ComputeJwkThumbprint());
        Assert.Equal(expected, published.KeyId);
        Assert.Equal(expected, issued.KeyId);
    }

    [Fact]
    public async Task KeyId_EarlierVersionsKeyInFileKeyManager_AdoptedByEveryFreshState()
    {
        // A deployment upgraded from before rotation keeps its published key, whichever instance starts first.
        var directory = Path.Combine(_root.FullName, "keys");
        var legacy = await NewFileKeyManager(directory).GenerateKeyAsync(JwtSvidIssuer.SigningKeyId, KeyType.EcP256, CancellationToken.None);
        var first = await CreateInitializedAsync(NewFileKeyManager(directory), NewClock());
        var second = await CreateInitializedAsync(NewFileKeyManager(directory), NewClock());

        var firstKey = Assert.Single(await first.GetPublishedKeysAsync(CancellationToken.None));
        var secondKey = Assert.Single(await second.GetPublishedKeysAsync(CancellationToken.None));
        Assert.Equal(firstKey.KeyId, secondKey.KeyId);
        Assert.Equal(legacy.SubjectPublicKeyInfo.ToArray(), firstKey.SubjectPublicKeyInfo);
    }

    [Fact]
    public async Task IssueAsync_LongIdleInstancePastHalfLife_SignsWithActiveKeyWhileNextIsPrepared()
    {
        var keyManager = new InMemoryKeyManager();
        var clock = NewClock();
        var ring = SingleProcessAuthority.CreateJwtKeyRing(keyManager, Microsoft.Extensions.Options.Options.Create(Options()), clock);
        var issuer = new JwtSvidIssuer(ring, Microsoft.Extensions.Options.Options.Create(Options()), clock);
        await issuer.InitializeAsync(CancellationToken.None);
        var active = Assert.Single(await issuer.GetPublishedKeysAsync(CancellationToken.None)).KeyId;

        clock.Advance(SingleProcessAuthority.JwtKeyLifetime + TimeSpan.FromDays(35));
        var issued = await issuer.IssueAsync(Subject, ["reports"], TimeSpan.FromMinutes(5), CancellationToken.None);
        await ring.WhenIdleAsync(TestContext.Current.CancellationToken);

        // The next key is published before it may sign (docs/rotation.md): the token still carries the active kid.
        Assert.Equal(active, issued.KeyId);
        Assert.Equal(2, (await keyManager.GetKeysAsync(CancellationToken.None)).Count);
        Assert.Equal(2, (await issuer.GetPublishedKeysAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task KeyId_FileKeyManagerAndStateReload_IsStable()
    {
        var directory = Path.Combine(_root.FullName, "keys");
        var state = Path.Combine(_root.FullName, "state");
        var first = await CreateInitializedAsync(NewFileKeyManager(directory), NewFileStateStore(state), NewClock());
        var firstToken = await first.IssueAsync(Subject, ["reports"], TimeSpan.FromMinutes(5), CancellationToken.None);

        var second = await CreateInitializedAsync(NewFileKeyManager(directory), NewFileStateStore(state), NewClock());
        var secondToken = await second.IssueAsync(Subject, ["reports"], TimeSpan.FromMinutes(5), CancellationToken.None);

        Assert.Equal(firstToken.KeyId, secondToken.KeyId);
        var firstKey = Assert.Single(await first.GetPublishedKeysAsync(CancellationToken.None));
        var secondKey = Assert.Single(await second.GetPublishedKeysAsync(CancellationToken.None));
        Assert.Equal(firstKey, secondKey with { SubjectPublicKeyInfo = firstKey.SubjectPublicKeyInfo });
        Assert.Equal(firstKey.SubjectPublicKeyInfo, secondKey.SubjectPublicKeyInfo);
    }

    [Fact]
    public async Task KeyId_DifferentKeys_Differ()
    {
        var first = await CreateInitializedAsync(new InMemoryKeyManager(), NewClock());
        var second = await CreateInitializedAsync(new InMemoryKeyManager(), NewClock());

        Assert.NotEqual(
            (await first.GetPublishedKeysAsync(CancellationToken.None))[0].KeyId,
            (await second.GetPublishedKeysAsync(CancellationToken.None))[0].KeyId);
    }

    [Fact]
    public async Task GetPublishedKeysAsync_CallerModifiesBytes_NextCallUnaffected()
    {
        var issuer = await CreateInitializedAsync(new InMemoryKeyManager(), NewClock());
        var first = (await issuer.GetPublishedKeysAsync(CancellationToken.None))[0];
        var original = first.SubjectPublicKeyInfo.ToArray();

        first.SubjectPublicKeyInfo.AsSpan().Clear();

        Assert.Equal(original, (await issuer.GetPublishedKeysAsync(CancellationToken.None))[0].SubjectPublicKeyInfo);
    }

    [Fact]
    public async Task GetPublishedKeysAsync_BeforeInitialize_Throws()
    {
        var issuer = SingleProcessAuthority.CreateJwtIssuer(new InMemoryKeyManager(), Microsoft.Extensions.Options.Options.Create(Options()), NewClock());

        await Assert.ThrowsAsync<InvalidOperationException>(() => issuer.GetPublishedKeysAsync(CancellationToken.None));
    }

    [Fact]
    public async Task IssueAsync_KeyManagerReturnsMalformedSignature_Throws()
    {
        var issuer = await CreateInitializedAsync(new MalformedSignatureKeyManager(), NewClock());

        await Assert.ThrowsAsync<CryptographicException>(
            () => issuer.IssueAsync(Subject, ["reports"], TimeSpan.FromMinutes(5), CancellationToken.None));
    }

    [Fact]
    public void Constructor_InvalidOptions_ReportsEveryError()
    {
        var options = new AuthorityOptions
        {
            Issuer = "",
            TrustDomain = "Not A Domain",
            MaxJwtSvidTtl = TimeSpan.FromMilliseconds(500),
            JwtKeyType = (KeyType)99,
        };

        // The ring is built from valid options: the errors counted are the issuer's own.
        var ring = SingleProcessAuthority.CreateJwtKeyRing(new InMemoryKeyManager(), Microsoft.Extensions.Options.Options.Create(Options()), NewClock());

        var error = Assert.Throws<OptionsValidationException>(
            () => new JwtSvidIssuer(ring, Microsoft.Extensions.Options.Options.Create(options), NewClock()));

        Assert.Equal(4, error.Failures.Count());
    }

    [Fact]
    public void MaxTtl_IsMaxJwtSvidTtlInWholeSeconds()
    {
        var options = Options();
        options.MaxJwtSvidTtl = TimeSpan.FromMinutes(30) + TimeSpan.FromMilliseconds(400);

        var issuer = SingleProcessAuthority.CreateJwtIssuer(new InMemoryKeyManager(), Microsoft.Extensions.Options.Options.Create(options), NewClock());

        Assert.Equal(TimeSpan.FromMinutes(30), issuer.MaxTtl);
    }

    private static FileKeyManager NewFileKeyManager(string directory) =>
        new(Microsoft.Extensions.Options.Options.Create(new FileKeyManagerOptions { Directory = directory }));

    private static FileAuthorityStateStore NewFileStateStore(string directory) =>
        new(Microsoft.Extensions.Options.Options.Create(new FileAuthorityStateStoreOptions { Directory = directory }));

    private sealed class CountingKeyManager(IKeyManager inner) : IKeyManager
    {
        private int _generated;

        public int Generated => _generated;

        public async Task<IManagedKey> GenerateKeyAsync(string keyId, KeyType keyType, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _generated);
            await Task.Yield();
            return await inner.GenerateKeyAsync(keyId, keyType, cancellationToken);
        }

        public async Task<IManagedKey?> GetKeyAsync(string keyId, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return await inner.GetKeyAsync(keyId, cancellationToken);
        }

        public Task<IReadOnlyList<IManagedKey>> GetKeysAsync(CancellationToken cancellationToken) => inner.GetKeysAsync(cancellationToken);

        public Task<bool> DeleteKeyAsync(string keyId, CancellationToken cancellationToken) => inner.DeleteKeyAsync(keyId, cancellationToken);
    }

    /// <summary>A backend whose signatures are not valid DER: the issuer must fail, not emit a broken token.</summary>
    private sealed class MalformedSignatureKeyManager : IKeyManager
    {
        private readonly InMemoryKeyManager _inner = new();

        public async Task<IManagedKey> GenerateKeyAsync(string keyId, KeyType keyType, CancellationToken cancellationToken) =>
            new MalformedSignatureKey(await _inner.GenerateKeyAsync(keyId, keyType, cancellationToken));

        public async Task<IManagedKey?> GetKeyAsync(string keyId, CancellationToken cancellationToken) =>
            await _inner.GetKeyAsync(keyId, cancellationToken) is { } key ? new MalformedSignatureKey(key) : null;

        public Task<IReadOnlyList<IManagedKey>> GetKeysAsync(CancellationToken cancellationToken) => _inner.GetKeysAsync(cancellationToken);

        public Task<bool> DeleteKeyAsync(string keyId, CancellationToken cancellationToken) => _inner.DeleteKeyAsync(keyId, cancellationToken);
    }

    private sealed class MalformedSignatureKey(IManagedKey inner) : IManagedKey
    {
        public string Id => inner.Id;

        public KeyType KeyType => inner.KeyType;

        public ReadOnlyMemory<byte> SubjectPublicKeyInfo => inner.SubjectPublicKeyInfo;

        public Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken) =>
            Task.FromResult<byte[]>([0x30, 0x03, 0x02, 0x01, 0x01]);
    }
}
