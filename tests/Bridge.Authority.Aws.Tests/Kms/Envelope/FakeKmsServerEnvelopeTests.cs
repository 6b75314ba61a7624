using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace Bridge.Authority.Aws.Tests.Kms.Envelope;

/// <summary>The test kit's KMS fake behaves as KMS does for envelopes, so the manager's tests mean something.</summary>
public sealed class FakeKmsServerEnvelopeTests(KmsEnvelopeFixture fixture) : IClassFixture<KmsEnvelopeFixture>
{
    private static readonly Dictionary<string, string> Context = new() { ["purpose"] = "test", ["id"] = "k1" };

    [Fact]
    public async Task Decrypt_SameContext_ReturnsPrivateKeyOfPublicKey()
    {
        var (kms, pair) = await GenerateAsync();

        var decrypted = await kms.DecryptAsync(Request(pair, Context), CancellationToken.None);

        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(decrypted.Plaintext.ToArray(), out _);
        Assert.Equal(pair.PublicKey.ToArray(), key.ExportSubjectPublicKeyInfo());
        Assert.Equal(pair.PrivateKeyPlaintext.ToArray(), decrypted.Plaintext.ToArray());
        Assert.Equal(fixture.WrappingKey.Arn, decrypted.KeyId);
    }

    [Fact]
    public async Task Decrypt_OtherContextOrAlteredCiphertext_InvalidCiphertext()
    {
        var (kms, pair) = await GenerateAsync();
        var otherContext = new Dictionary<string, string>(Context) { ["id"] = "k2" };
        var altered = pair.PrivateKeyCiphertextBlob.ToArray();
        altered[^1] ^= 1;

        await Assert.ThrowsAsync<InvalidCiphertextException>(() => kms.DecryptAsync(Request(pair, otherContext), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidCiphertextException>(() => kms.DecryptAsync(Request(pair, []), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidCiphertextException>(() => kms.DecryptAsync(
            new DecryptRequest { CiphertextBlob = new MemoryStream(altered), EncryptionContext = Context }, CancellationToken.None));
    }

    [Fact]
    public async Task Decrypt_OtherKeyNamed_IncorrectKey()
    {
        var (kms, pair) = await GenerateAsync();
        var other = fixture.Server.AddKey("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT");
        var request = Request(pair, Context);
        request.KeyId = other.Arn;

        await Assert.ThrowsAsync<IncorrectKeyException>(() => kms.DecryptAsync(request, CancellationToken.None));
    }

    [Fact]
    public async Task Decrypt_KeyDisabled_Disabled()
    {
        var wrapping = fixture.Server.AddKey("SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT");
        var (kms, pair) = await GenerateAsync(wrapping.Arn);
        fixture.Server.SetKeyState(wrapping.KeyId, "Disabled");

        await Assert.ThrowsAsync<DisabledException>(() => kms.DecryptAsync(Request(pair, Context), CancellationToken.None));
    }

    private async Task<(AmazonKeyManagementServiceClient Kms, GenerateDataKeyPairResponse Pair)> GenerateAsync(string? keyId = null)
    {
        var kms = fixture.NewSdkClient(fixture.NewOptions());
        var pair = await kms.GenerateDataKeyPairAsync(
            new GenerateDataKeyPairRequest
            {
                KeyId = keyId ?? KmsEnvelopeFixture.WrappingAlias,
                KeyPairSpec = DataKeyPairSpec.ECC_NIST_P256,
                EncryptionContext = Context,
            },
            CancellationToken.None);
        return (kms, pair);
    }

    private static DecryptRequest Request(GenerateDataKeyPairResponse pair, Dictionary<string, string> context) => new()
    {
        CiphertextBlob = new MemoryStream(pair.PrivateKeyCiphertextBlob.ToArray()),
        EncryptionContext = context,
    };
}
