using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Keys;
using Bridge.Authority.Local.Keys;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Tests.Keys;

public sealed class FileKeyManagerTests : IDisposable
{
    private const UnixFileMode Mode600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode700 = Mode600 | UnixFileMode.UserExecute;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("bridge-keys-");

    private string KeyDirectory => Path.Combine(_root.FullName, "keys");

    public void Dispose() => _root.Delete(recursive: true);

    [Theory]
    [InlineData(KeyType.EcP256)]
    [InlineData(KeyType.EcP384)]
    [InlineData(KeyType.Rsa2048)]
    public async Task GetKeyAsync_NewInstanceOverSameDirectory_ReturnsPersistedKey(KeyType keyType)
    {
        var generated = await CreateManager().GenerateKeyAsync("key-1", keyType, CancellationToken.None);

        var reloaded = await CreateManager().GetKeyAsync("key-1", CancellationToken.None);

        Assert.NotNull(reloaded);
        Assert.Equal(keyType, reloaded.KeyType);
        Assert.Equal(generated.SubjectPublicKeyInfo.ToArray(), reloaded.SubjectPublicKeyInfo.ToArray());
        var digest = SHA256.HashData("data"u8);
        var signature = await reloaded.SignDigestAsync(digest, HashAlgorithmName.SHA256, CancellationToken.None);
        Assert.True(Verify(generated, digest, signature));
    }

    [Fact]
    public async Task GetKeysAsync_NewInstance_ListsPersistedKeysInOrder()
    {
        var writer = CreateManager();
        await writer.GenerateKeyAsync("b", KeyType.EcP256, CancellationToken.None);
        await writer.GenerateKeyAsync("a", KeyType.EcP384, CancellationToken.None);

        var keys = await CreateManager().GetKeysAsync(CancellationToken.None);

        Assert.Equal(["a", "b"], keys.Select(k => k.Id));
        Assert.Equal([KeyType.EcP384, KeyType.EcP256], keys.Select(k => k.KeyType));
    }

    [Fact]
    public async Task GenerateKeyAsync_Replace_NewInstanceSeesReplacement()
    {
        var manager = CreateManager();
        await manager.GenerateKeyAsync("key-1", KeyType.EcP256, CancellationToken.None);
        var replacement = await manager.GenerateKeyAsync("key-1", KeyType.EcP384, CancellationToken.None);

        var reloaded = await CreateManager().GetKeyAsync("key-1", CancellationToken.None);

        Assert.Equal(KeyType.EcP384, reloaded!.KeyType);
        Assert.Equal(replacement.SubjectPublicKeyInfo.ToArray(), reloaded.SubjectPublicKeyInfo.ToArray());
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task GenerateKeyAsync_NewDirectory_CreatesOwnerOnlyDirectoryAndFile()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix permissions only.");

        await CreateManager().GenerateKeyAsync("key-1", KeyType.EcP256, CancellationToken.None);

        Assert.Equal(Mode700, File.GetUnixFileMode(KeyDirectory));
        Assert.Equal(Mode600, File.GetUnixFileMode(KeyFile("key-1")));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task GenerateKeyAsync_Replace_KeepsFileOwnerOnly()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix permissions only.");
        var manager = CreateManager();
        await manager.GenerateKeyAsync("key-1", KeyType.EcP256, CancellationToken.None);

        await manager.GenerateKeyAsync("key-1", KeyType.EcP256, CancellationToken.None);

        Assert.Equal(Mode600, File.GetUnixFileMode(KeyFile("key-1")));
    }

    [Theory]
    [InlineData(UnixFileMode.OtherRead)]
    [InlineData(UnixFileMode.GroupRead)]
    [InlineData(UnixFileMode.GroupWrite)]
    [UnsupportedOSPlatform("windows")]
    public async Task GetKeyAsync_KeyFileAccessibleByOthers_Throws(UnixFileMode extra)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix permissions only.");
        await CreateManager().GenerateKeyAsync("key-1", KeyType.EcP256, CancellationToken.None);
        File.SetUnixFileMode(KeyFile("key-1"), Mode600 | extra);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => CreateManager().GetKeyAsync("key-1", CancellationToken.None));

        Assert.Contains("chmod 600", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task GetKeysAsync_KeyFileWorldReadable_Throws()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix permissions only.");
        await CreateManager().GenerateKeyAsync("key-1", KeyType.EcP256, CancellationToken.None);
        File.SetUnixFileMode(KeyFile("key-1"), Mode600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await Assert.ThrowsAsync<InvalidOperationException>(() => CreateManager().GetKeysAsync(CancellationToken.None));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task GetKeyAsync_ReadOnlyOwnerFile_Loads()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix permissions only.");
        await CreateManager().GenerateKeyAsync("key-1", KeyType.EcP256, CancellationToken.None);
        File.SetUnixFileMode(KeyFile("key-1"), UnixFileMode.UserRead);

        Assert.NotNull(await CreateManager().GetKeyAsync("key-1", CancellationToken.None));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task GenerateKeyAsync_ExistingDirectoryWritableByOthers_Throws()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix permissions only.");
        Directory.CreateDirectory(KeyDirectory);
        File.SetUnixFileMode(KeyDirectory, Mode700 | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => CreateManager().GenerateKeyAsync("key-1", KeyType.EcP256, CancellationToken.None));

        Assert.Contains("chmod 700", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(KeyFile("key-1")));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("..")]
    [InlineData(".hidden")]
    [InlineData("sub/key")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\b")]
    [InlineData("")]
    public async Task GenerateKeyAsync_UnsafeId_ThrowsAndWritesNothing(string keyId)
    {
        var manager = CreateManager();

        await Assert.ThrowsAsync<ArgumentException>(() => manager.GenerateKeyAsync(keyId, KeyType.EcP256, CancellationToken.None));

        Assert.Empty(Directory.EnumerateFileSystemEntries(_root.FullName, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("../keys/key-1")]
    [InlineData("../escape")]
    [InlineData(".key-1")]
    public async Task GetKeyAsync_UnsafeId_Throws(string keyId)
    {
        var manager = CreateManager();
        await manager.GenerateKeyAsync("key-1", KeyType.EcP256, CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentException>(() => manager.GetKeyAsync(keyId, CancellationToken.None));
    }

    [Fact]
    public async Task GenerateKeyAsync_SeveralWrites_LeavesOnlyKeyFiles()
    {
        var manager = CreateManager();
        await manager.GenerateKeyAsync("key-1", KeyType.EcP256, CancellationToken.None);
        await manager.GenerateKeyAsync("key-1", KeyType.EcP384, CancellationToken.None);
        await manager.GenerateKeyAsync("key-2", KeyType.EcP256, CancellationToken.None);

        var names = Directory.EnumerateFileSystemEntries(KeyDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(["key-1.pem", "key-2.pem"], names);
    }

    [Fact]
    public async Task GenerateKeyAsync_KeyFile_IsPkcs8PemWithKeyTypeLine()
    {
        var key = await CreateManager().GenerateKeyAsync("key-1", KeyType.EcP384, CancellationToken.None);

        var text = await File.ReadAllTextAsync(KeyFile("key-1"), TestContext.Current.CancellationToken);

        Assert.StartsWith("Bridge-Key-Type: ec-p384\n-----BEGIN PRIVATE KEY-----", text, StringComparison.Ordinal);
        using var ec = ECDsa.Create();
        ec.ImportFromPem(text);
        Assert.Equal(key.SubjectPublicKeyInfo.ToArray(), ec.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task GetKeyAsync_DirectoryMissing_ReturnsNullWithoutCreatingIt()
    {
        var manager = CreateManager();

        Assert.Null(await manager.GetKeyAsync("key-1", CancellationToken.None));
        Assert.Empty(await manager.GetKeysAsync(CancellationToken.None));
        Assert.False(Directory.Exists(KeyDirectory));
    }

    [Fact]
    public async Task GetKeysAsync_ForeignFiles_AreIgnored()
    {
        await CreateManager().GenerateKeyAsync("key-1", KeyType.EcP256, CancellationToken.None);
        await WriteOwnerOnlyAsync(Path.Combine(KeyDirectory, "README"), "not a key");
        await WriteOwnerOnlyAsync(Path.Combine(KeyDirectory, ".key-2.0123.tmp"), "half a key");
        await WriteOwnerOnlyAsync(Path.Combine(KeyDirectory, ".hidden.pem"), "not a key id");

        var keys = await CreateManager().GetKeysAsync(CancellationToken.None);

        Assert.Equal(["key-1"], keys.Select(k => k.Id));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")]
    [InlineData("Bridge-Key-Type: ec-p999\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")]
    [InlineData("Bridge-Key-Type: ec-p256\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")]
    [InlineData("Bridge-Key-Type: ec-p256\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")]
    public async Task GetKeyAsync_CorruptFile_ThrowsInvalidData(string content)
    {
        Directory.CreateDirectory(KeyDirectory);
        await WriteOwnerOnlyAsync(KeyFile("key-1"), content);

        await Assert.ThrowsAsync<InvalidDataException>(() => CreateManager().GetKeyAsync("key-1", CancellationToken.None));
    }

    [Fact]
    public async Task GetKeyAsync_RecordedTypeDiffersFromKey_ThrowsInvalidData()
    {
        await CreateManager().GenerateKeyAsync("key-1", KeyType.EcP256, CancellationToken.None);
        var text = await File.ReadAllTextAsync(KeyFile("key-1"), TestContext.Current.CancellationToken);
        await WriteOwnerOnlyAsync(KeyFile("key-1"), text.Replace("ec-p256", "ec-p384", StringComparison.Ordinal));

        await Assert.ThrowsAsync<InvalidDataException>(() => CreateManager().GetKeyAsync("key-1", CancellationToken.None));
    }

    [Fact]
    public async Task GetKeyAsync_CorruptFile_MessageNamesFileButNotContent()
    {
        Directory.CreateDirectory(KeyDirectory);
        await WriteOwnerOnlyAsync(KeyFile("key-1"), "Bridge-Key-Type: ec-p256\n-----BEGIN PRIVATE KEY-----\nU0VDUkVU\n-----END PRIVATE KEY-----\n");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => CreateManager().GetKeyAsync("key-1", CancellationToken.None));

        Assert.Contains(KeyFile("key-1"), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("U0VDUkVU", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Constructor_NoDirectory_Throws(string directory) =>
        Assert.Throws<OptionsValidationException>(
            () => new FileKeyManager(Options.Create(new FileKeyManagerOptions { Directory = directory })));

    [Fact]
    public void Validator_NoDirectory_Fails()
    {
        var result = new FileKeyManagerOptionsValidator().Validate(null, new FileKeyManagerOptions());

        Assert.True(result.Failed);
        Assert.Contains("Directory", result.FailureMessage, StringComparison.Ordinal);
    }

    private FileKeyManager CreateManager() =>
        new(Options.Create(new FileKeyManagerOptions { Directory = KeyDirectory }));

    private string KeyFile(string keyId) => Path.Combine(KeyDirectory, keyId + ".pem");

    private static async Task WriteOwnerOnlyAsync(string path, string content)
    {
        await File.WriteAllTextAsync(path, content, Encoding.ASCII, TestContext.Current.CancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, Mode600);
        }
    }

    private static bool Verify(IManagedKey key, byte[] digest, byte[] signature)
    {
        using var ec = ECDsa.Create();
        if (key.KeyType is KeyType.EcP256 or KeyType.EcP384)
        {
            ec.ImportSubjectPublicKeyInfo(key.SubjectPublicKeyInfo.Span, out _);
            return ec.VerifyHash(digest, signature, DSASignatureFormat.Rfc3279DerSequence);
        }

        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(key.SubjectPublicKeyInfo.Span, out _);
        return rsa.VerifyHash(digest, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }
}
