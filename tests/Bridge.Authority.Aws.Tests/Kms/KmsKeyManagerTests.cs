using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Bridge.Abstractions;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Aws.Kms;
using Bridge.Testing.Aws.Kms;

namespace Bridge.Authority.Aws.Tests.Kms;

public sealed class KmsKeyManagerTests(KmsFixture fixture) : IClassFixture<KmsFixture>
{
    private static readonly byte[] Digest256 = SHA256.HashData("data"u8);

    [Theory]
    [InlineData(KeyType.EcP256, "ECC_NIST_P256")]
    [InlineData(KeyType.EcP384, "ECC_NIST_P384")]
    [InlineData(KeyType.Rsa2048, "RSA_2048")]
    public async Task GenerateKeyAsync_NewId_CreatesSignVerifyKeyThenAlias(KeyType keyType, string keySpec)
    {
        var manager = fixture.NewManager();
        var before = Counts();

        var key = await manager.GenerateKeyAsync("jwt-signer", keyType, CancellationToken.None);

        var kmsKey = fixture.Server.KeyByAlias(manager.AliasPrefix + "jwt-signer");
        Assert.NotNull(kmsKey);
        Assert.Equal(keySpec, kmsKey.KeySpec);
        Assert.Equal("SIGN_VERIFY", kmsKey.KeyUsage);
        Assert.Contains("Bridge", kmsKey.Description, StringComparison.Ordinal);
        Assert.Equal(kmsKey.Arn, ((KmsManagedKey)key).KmsKeyArn);
        Assert.Equal(1, Counts().CreateAlias - before.CreateAlias);
        Assert.Equal(0, Counts().UpdateAlias - before.UpdateAlias);
    }

    [Fact]
    public async Task GenerateKeyAsync_ExistingId_UpdatesAliasAndSchedulesReplacedKeyForDeletion()
    {
        var manager = fixture.NewManager();
        var alias = manager.AliasPrefix + "jwt-signer";
        await manager.GenerateKeyAsync("jwt-signer", KeyType.EcP256, CancellationToken.None);
        var first = fixture.Server.KeyByAlias(alias)!;
        var before = Counts();

        await manager.GenerateKeyAsync("jwt-signer", KeyType.EcP256, CancellationToken.None);

        var second = fixture.Server.KeyByAlias(alias)!;
        Assert.NotEqual(first.KeyId, second.KeyId);
        Assert.Equal(1, Counts().UpdateAlias - before.UpdateAlias);
        Assert.Equal(0, Counts().CreateAlias - before.CreateAlias);
        Assert.Equal("PendingDeletion", first.KeyState);
        Assert.Equal(KmsKeyManagerOptions.MinPendingWindowDays, first.PendingWindowInDays);
        Assert.Equal("Enabled", second.KeyState);
    }

    [Fact]
    public async Task GenerateKeyAsync_CreateAliasFails_SchedulesDeletionOfExactlyTheNewKey()
    {
        var manager = fixture.NewManager();
        var keysBefore = fixture.Server.Keys.Select(k => k.KeyId).ToHashSet();
        fixture.Server.FailNext("CreateAlias", 1, "AccessDeniedException", HttpStatusCode.BadRequest);

        await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(
            () => manager.GenerateKeyAsync("jwt-signer", KeyType.EcP256, CancellationToken.None));

        var created = Assert.Single(fixture.Server.Keys, k => !keysBefore.Contains(k.KeyId));
        Assert.Equal("PendingDeletion", created.KeyState);
        Assert.Equal(created.Arn, fixture.Server.Calls.Last(c => c.Operation == "ScheduleKeyDeletion").KeyId);
        Assert.Null(await manager.GetKeyAsync("jwt-signer", CancellationToken.None));
    }

    [Fact]
    public async Task GenerateKeyAsync_AliasThrottledBeyondRetries_DeletesNewKeyAndThrowsDependencyUnavailable()
    {
        var manager = fixture.NewManager(fixture.NewOptions(maxAttempts: 2));
        var keysBefore = fixture.Server.Keys.Select(k => k.KeyId).ToHashSet();
        fixture.Server.ThrottleNext(2, "CreateAlias");

        await Assert.ThrowsAsync<DependencyUnavailableException>(
            () => manager.GenerateKeyAsync("jwt-signer", KeyType.EcP256, CancellationToken.None));

        var created = Assert.Single(fixture.Server.Keys, k => !keysBefore.Contains(k.KeyId));
        Assert.Equal("PendingDeletion", created.KeyState);
    }

    [Fact]
    public async Task GenerateKeyAsync_ReplacementAliasFails_KeepsOldKeyAndDeletesNewOne()
    {
        var manager = fixture.NewManager();
        var alias = manager.AliasPrefix + "jwt-signer";
        await manager.GenerateKeyAsync("jwt-signer", KeyType.EcP256, CancellationToken.None);
        var first = fixture.Server.KeyByAlias(alias)!;
        fixture.Server.FailNext("UpdateAlias", 1, "AccessDeniedException", HttpStatusCode.BadRequest);

        await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(
            () => manager.GenerateKeyAsync("jwt-signer", KeyType.EcP256, CancellationToken.None));

        Assert.Equal(first.KeyId, fixture.Server.KeyByAlias(alias)!.KeyId);
        Assert.Equal("Enabled", first.KeyState);
        var scheduled = fixture.Server.Calls.Last(c => c.Operation == "ScheduleKeyDeletion").KeyId;
        Assert.NotEqual(first.Arn, scheduled);
        Assert.Equal("PendingDeletion", Assert.Single(fixture.Server.Keys, k => k.Arn == scheduled).KeyState);
    }

    [Fact]
    public async Task GenerateKeyAsync_AnotherInstanceCreatesAliasFirst_MovesAliasToNewKey()
    {
        var manager = fixture.NewManager();
        var alias = manager.AliasPrefix + "jwt-signer";
        FakeKmsKey? racer = null;
        fixture.Server.BeforeNext("CreateAlias", () => racer = fixture.Server.AddKey("ECC_NIST_P256", alias: alias));

        var key = (KmsManagedKey)await manager.GenerateKeyAsync("jwt-signer", KeyType.EcP256, CancellationToken.None);

        Assert.NotNull(racer);
        Assert.Equal(key.KmsKeyArn, fixture.Server.KeyByAlias(alias)!.Arn);
        Assert.Equal("PendingDeletion", racer.KeyState);
    }

    [Fact]
    public async Task GenerateKeyAsync_CancelledAfterCreateKey_SchedulesDeletionOfTheNewKey()
    {
        var manager = fixture.NewManager();
        var keysBefore = fixture.Server.Keys.Select(k => k.KeyId).ToHashSet();
        using var cancellation = new CancellationTokenSource();
        fixture.Server.BeforeNext("GetPublicKey", cancellation.Cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => manager.GenerateKeyAsync("jwt-signer", KeyType.EcP256, cancellation.Token));

        var created = Assert.Single(fixture.Server.Keys, k => !keysBefore.Contains(k.KeyId));
        Assert.Equal("PendingDeletion", created.KeyState);
        Assert.Null(fixture.Server.KeyByAlias(manager.AliasPrefix + "jwt-signer"));
    }

    [Fact]
    public async Task GenerateKeyAsync_InvalidKeyId_ThrowsWithoutCallingKms()
    {
        var manager = fixture.NewManager();
        var before = fixture.Server.Calls.Count;

        await Assert.ThrowsAsync<ArgumentException>(() => manager.GenerateKeyAsync("../x", KeyType.EcP256, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => manager.GenerateKeyAsync("x", (KeyType)99, CancellationToken.None));

        Assert.Equal(before, fixture.Server.Calls.Count);
    }

    [Fact]
    public async Task GenerateKeyAsync_KeyIdWithDots_RoundTripsThroughItsAlias()
    {
        var manager = fixture.NewManager();

        await manager.GenerateKeyAsync("ca.2026-03.a", KeyType.EcP256, CancellationToken.None);

        Assert.NotNull(fixture.Server.KeyByAlias(manager.AliasPrefix + "ca/2026-03/a"));
        Assert.Equal("ca.2026-03.a", Assert.Single(await manager.GetKeysAsync(CancellationToken.None)).Id);
    }

    [Fact]
    public async Task GetKeyAsync_Repeated_FetchesPublicKeyOncePerKey()
    {
        var manager = fixture.NewManager();
        var generated = await manager.GenerateKeyAsync("jwt-signer", KeyType.EcP256, CancellationToken.None);
        var before = fixture.Server.CallCount("GetPublicKey");

        var first = await manager.GetKeyAsync("jwt-signer", CancellationToken.None);
        var second = await manager.GetKeyAsync("jwt-signer", CancellationToken.None);

        Assert.Equal(before, fixture.Server.CallCount("GetPublicKey"));
        Assert.Equal(generated.SubjectPublicKeyInfo.ToArray(), first!.SubjectPublicKeyInfo.ToArray());
        Assert.Equal(generated.SubjectPublicKeyInfo.ToArray(), second!.SubjectPublicKeyInfo.ToArray());
    }

    [Fact]
    public async Task SignDigestAsync_SignsByKeyArnNeverByAlias()
    {
        var manager = fixture.NewManager();
        var key = (KmsManagedKey)(await manager.GetKeyAsync("k", CancellationToken.None)
            ?? await manager.GenerateKeyAsync("k", KeyType.EcP256, CancellationToken.None));

        await key.SignDigestAsync(Digest256, HashAlgorithmName.SHA256, CancellationToken.None);

        var sign = fixture.Server.Calls.Last(c => c.Operation == "Sign");
        Assert.Equal(key.KmsKeyArn, sign.KeyId);
        Assert.StartsWith("arn:aws:kms:", sign.KeyId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignDigestAsync_AliasMovedAfterResolve_StillSignsWithTheResolvedKey()
    {
        var options = fixture.NewOptions();
        var manager = fixture.NewManager(options);
        await manager.GenerateKeyAsync("k", KeyType.EcP256, CancellationToken.None);
        var resolved = (await manager.GetKeyAsync("k", CancellationToken.None))!;
        var other = fixture.Server.AddKey("ECC_NIST_P256");
        await fixture.NewSdkClient(options).UpdateAliasAsync(
            new UpdateAliasRequest { AliasName = manager.AliasPrefix + "k", TargetKeyId = other.KeyId }, CancellationToken.None);

        var signature = await resolved.SignDigestAsync(Digest256, HashAlgorithmName.SHA256, CancellationToken.None);

        using var ec = ECDsa.Create();
        ec.ImportSubjectPublicKeyInfo(resolved.SubjectPublicKeyInfo.Span, out _);
        Assert.True(ec.VerifyHash(Digest256, signature, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Theory]
    [InlineData(KeyType.EcP256)]
    [InlineData(KeyType.EcP384)]
    public async Task SignDigestAsync_Ecdsa_ReturnsDerNotP1363(KeyType keyType)
    {
        var manager = fixture.NewManager();
        var key = await manager.GenerateKeyAsync("k", keyType, CancellationToken.None);

        var signature = await key.SignDigestAsync(Digest256, HashAlgorithmName.SHA256, CancellationToken.None);

        Assert.Equal(0x30, signature[0]);
        using var ec = ECDsa.Create();
        ec.ImportSubjectPublicKeyInfo(key.SubjectPublicKeyInfo.Span, out _);
        Assert.True(ec.VerifyHash(Digest256, signature, DSASignatureFormat.Rfc3279DerSequence));
        Assert.False(ec.VerifyHash(Digest256, signature, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public async Task SignDigestAsync_ThrottledThenOk_Succeeds()
    {
        var manager = fixture.NewManager(fixture.NewOptions(maxAttempts: 4));
        var key = await manager.GenerateKeyAsync("k", KeyType.EcP256, CancellationToken.None);
        fixture.Server.ThrottleNext(3, "Sign");
        var before = fixture.Server.CallCount("Sign");

        var signature = await key.SignDigestAsync(Digest256, HashAlgorithmName.SHA256, CancellationToken.None);

        Assert.NotEmpty(signature);
        Assert.Equal(4, fixture.Server.CallCount("Sign") - before);
    }

    [Theory]
    [InlineData("ThrottlingException", HttpStatusCode.BadRequest)]
    [InlineData("LimitExceededException", HttpStatusCode.BadRequest)]
    [InlineData("KMSInternalException", HttpStatusCode.InternalServerError)]
    [InlineData("ServiceUnavailableException", HttpStatusCode.ServiceUnavailable)]
    public async Task SignDigestAsync_TransientBeyondRetries_ThrowsDependencyUnavailableAfterMaxAttempts(string errorType, HttpStatusCode status)
    {
        var manager = fixture.NewManager(fixture.NewOptions(maxAttempts: 3));
        var key = await manager.GenerateKeyAsync("k", KeyType.EcP256, CancellationToken.None);
        fixture.Server.FailNext("Sign", 3, errorType, status);
        var before = fixture.Server.CallCount("Sign");

        await Assert.ThrowsAsync<DependencyUnavailableException>(
            () => key.SignDigestAsync(Digest256, HashAlgorithmName.SHA256, CancellationToken.None));

        Assert.Equal(3, fixture.Server.CallCount("Sign") - before);
    }

    [Fact]
    public async Task SignDigestAsync_PermanentError_IsNotRetried()
    {
        var manager = fixture.NewManager();
        var key = await manager.GenerateKeyAsync("k", KeyType.EcP256, CancellationToken.None);
        fixture.Server.FailNext("Sign", 1, "AccessDeniedException", HttpStatusCode.BadRequest);
        var before = fixture.Server.CallCount("Sign");

        var error = await Assert.ThrowsAsync<AmazonKeyManagementServiceException>(
            () => key.SignDigestAsync(Digest256, HashAlgorithmName.SHA256, CancellationToken.None));

        Assert.Equal("AccessDeniedException", error.ErrorCode);
        Assert.Equal(1, fixture.Server.CallCount("Sign") - before);
    }

    [Fact]
    public async Task SignDigestAsync_WrongDigestLength_ThrowsWithoutCallingKms()
    {
        var manager = fixture.NewManager();
        var key = await manager.GenerateKeyAsync("k", KeyType.EcP256, CancellationToken.None);
        var before = fixture.Server.CallCount("Sign");

        await Assert.ThrowsAsync<ArgumentException>(
            () => key.SignDigestAsync(new byte[31], HashAlgorithmName.SHA256, CancellationToken.None));

        Assert.Equal(before, fixture.Server.CallCount("Sign"));
    }

    [Fact]
    public async Task GetKeyAsync_Unreachable_ThrowsDependencyUnavailable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var options = fixture.NewOptions(maxAttempts: 2);
        options.ServiceUrl = $"http://127.0.0.1:{port}/";
        var manager = fixture.NewManager(options);

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => manager.GetKeyAsync("k", CancellationToken.None));
    }

    [Theory]
    [InlineData("ECC_SECG_P256K1", "SIGN_VERIFY")]
    [InlineData("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT")]
    [InlineData("RSA_2048", "ENCRYPT_DECRYPT")]
    public async Task GetKeyAsync_AliasNamesAKeyBridgeCannotSignWith_Throws(string keySpec, string keyUsage)
    {
        var manager = fixture.NewManager();
        fixture.Server.AddKey(keySpec, keyUsage, manager.AliasPrefix + "k");

        await Assert.ThrowsAsync<InvalidOperationException>(() => manager.GetKeyAsync("k", CancellationToken.None));
    }

    [Fact]
    public async Task GetKeyAsync_DisabledKey_Throws()
    {
        var manager = fixture.NewManager();
        var key = fixture.Server.AddKey("ECC_NIST_P256", alias: manager.AliasPrefix + "k");
        fixture.Server.SetKeyState(key.KeyId, "Disabled");

        await Assert.ThrowsAsync<InvalidOperationException>(() => manager.GetKeyAsync("k", CancellationToken.None));
    }

    [Fact]
    public async Task GetKeyAsync_KeyPendingDeletion_ReturnsNull()
    {
        var manager = fixture.NewManager();
        var key = fixture.Server.AddKey("ECC_NIST_P256", alias: manager.AliasPrefix + "k");
        fixture.Server.SetKeyState(key.KeyId, "PendingDeletion");

        Assert.Null(await manager.GetKeyAsync("k", CancellationToken.None));
    }

    [Fact]
    public async Task GetKeysAsync_ManyPages_ListsOnlyThisNamespace()
    {
        var manager = fixture.NewManager();
        var neighbour = fixture.NewManager();
        foreach (var id in new[] { "e", "d", "c", "b", "a" })
        {
            await manager.GenerateKeyAsync(id, KeyType.EcP256, CancellationToken.None);
        }

        await neighbour.GenerateKeyAsync("a", KeyType.EcP256, CancellationToken.None);
        fixture.Server.AddKey("ECC_NIST_P256", alias: "alias/someone-else");
        fixture.Server.ListAliasesPageSize = 2;
        var before = fixture.Server.CallCount("ListAliases");
        try
        {
            var keys = await manager.GetKeysAsync(CancellationToken.None);

            Assert.Equal(["a", "b", "c", "d", "e"], keys.Select(k => k.Id));
            Assert.True(fixture.Server.CallCount("ListAliases") - before >= 4);
        }
        finally
        {
            fixture.Server.ListAliasesPageSize = 100;
        }
    }

    private (int CreateAlias, int UpdateAlias) Counts() =>
        (fixture.Server.CallCount("CreateAlias"), fixture.Server.CallCount("UpdateAlias"));
}
