using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Bridge.Testing.Aws.Kms;

/// <summary>
/// Envelope encryption as KMS does it for Bridge: <c>GenerateDataKeyPair</c> returns a real key pair whose private key
/// is really encrypted (AES-256-GCM under the symmetric key's material, the encryption context as associated data),
/// and <c>Decrypt</c> refuses a ciphertext under another context, another key, or a disabled key, with KMS's errors.
/// The ciphertext blob is <c>0x01 ‖ key id (36 ASCII) ‖ nonce (12) ‖ tag (16) ‖ ciphertext</c>: like KMS's own blob
/// it names its key, so Decrypt needs no KeyId.
/// </summary>
public sealed partial class FakeKmsServer
{
    private const byte BlobVersion = 1;
    private const int KeyIdLength = 36;
    private const int NonceLength = 12;
    private const int TagLength = 16;

    private JsonObject GenerateDataKeyPair(JsonObject request)
    {
        var key = Usable((string?)request["KeyId"]);
        if (key.KeyUsage != "ENCRYPT_DECRYPT" || key.SymmetricKey is null)
        {
            throw new AwsJsonErrorException("InvalidKeyUsageException", $"{key.Arn} key usage is {key.KeyUsage}, which is not valid for GenerateDataKeyPair.");
        }

        var spec = (string?)request["KeyPairSpec"] ?? throw new AwsJsonErrorException("ValidationException", "KeyPairSpec is required.");
        using AsymmetricAlgorithm pair = spec switch
        {
            "ECC_NIST_P256" => ECDsa.Create(ECCurve.NamedCurves.nistP256),
            "ECC_NIST_P384" => ECDsa.Create(ECCurve.NamedCurves.nistP384),
            "ECC_NIST_P521" => ECDsa.Create(ECCurve.NamedCurves.nistP521),
            "RSA_2048" => RSA.Create(2048),
            "RSA_3072" => RSA.Create(3072),
            "RSA_4096" => RSA.Create(4096),
            _ => throw new AwsJsonErrorException("ValidationException", $"1 validation error detected: Value '{spec}' at 'keyPairSpec' failed to satisfy constraint."),
        };
        var privateKey = pair.ExportPkcs8PrivateKey();
        var publicKey = pair.ExportSubjectPublicKeyInfo();
        _dataKeyPairs[Convert.ToBase64String(publicKey)] = [.. privateKey];
        try
        {
            return new JsonObject
            {
                ["KeyId"] = key.Arn,
                ["KeyPairSpec"] = spec,
                ["PrivateKeyCiphertextBlob"] = Convert.ToBase64String(Seal(key, privateKey, ReadEncryptionContext(request))),
                ["PrivateKeyPlaintext"] = Convert.ToBase64String(privateKey),
                ["PublicKey"] = Convert.ToBase64String(publicKey),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    private JsonObject Decrypt(JsonObject request)
    {
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String((string?)request["CiphertextBlob"] ?? string.Empty);
        }
        catch (FormatException)
        {
            throw new AwsJsonErrorException("InvalidCiphertextException", "The ciphertext is not valid.");
        }

        if (blob.Length < 1 + KeyIdLength + NonceLength + TagLength || blob[0] != BlobVersion)
        {
            throw new AwsJsonErrorException("InvalidCiphertextException", "The ciphertext is not valid.");
        }

        var blobKeyId = Encoding.ASCII.GetString(blob, 1, KeyIdLength);
        if (!_keys.TryGetValue(blobKeyId, out var key))
        {
            throw new AwsJsonErrorException("InvalidCiphertextException", "The ciphertext refers to a key that does not exist.");
        }

        if ((string?)request["KeyId"] is { } requested && Resolve(requested).KeyId != key.KeyId)
        {
            throw new AwsJsonErrorException("IncorrectKeyException", "The key ID in the request does not identify a KMS key that can perform this operation.");
        }

        key = Usable(key.KeyId);
        var plaintext = Open(key, blob, ReadEncryptionContext(request));
        return new JsonObject
        {
            ["KeyId"] = key.Arn,
            ["Plaintext"] = Convert.ToBase64String(plaintext),
            ["EncryptionAlgorithm"] = "SYMMETRIC_DEFAULT",
        };
    }

    private static byte[] Seal(FakeKmsKey key, byte[] plaintext, IReadOnlyDictionary<string, string>? context)
    {
        var blob = new byte[1 + KeyIdLength + NonceLength + TagLength + plaintext.Length];
        blob[0] = BlobVersion;
        Encoding.ASCII.GetBytes(key.KeyId, blob.AsSpan(1, KeyIdLength));
        var nonce = blob.AsSpan(1 + KeyIdLength, NonceLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key.SymmetricKey!, TagLength);
        aes.Encrypt(
            nonce,
            plaintext,
            blob.AsSpan(1 + KeyIdLength + NonceLength + TagLength),
            blob.AsSpan(1 + KeyIdLength + NonceLength, TagLength),
            AssociatedData(key, context));
        return blob;
    }

    private static byte[] Open(FakeKmsKey key, byte[] blob, IReadOnlyDictionary<string, string>? context)
    {
        if (key.SymmetricKey is null)
        {
            throw new AwsJsonErrorException("InvalidKeyUsageException", $"{key.Arn} cannot decrypt.");
        }

        var plaintext = new byte[blob.Length - (1 + KeyIdLength + NonceLength + TagLength)];
        using var aes = new AesGcm(key.SymmetricKey, TagLength);
        try
        {
            aes.Decrypt(
                blob.AsSpan(1 + KeyIdLength, NonceLength),
                blob.AsSpan(1 + KeyIdLength + NonceLength + TagLength),
                blob.AsSpan(1 + KeyIdLength + NonceLength, TagLength),
                plaintext,
                AssociatedData(key, context));
        }
        catch (AuthenticationTagMismatchException)
        {
            // What KMS answers for an altered ciphertext or a different encryption context.
            throw new AwsJsonErrorException("InvalidCiphertextException", "The ciphertext or its encryption context is not valid.");
        }

        return plaintext;
    }

    /// <summary>The key id and the encryption context in a canonical order (KMS ignores the order of context pairs).</summary>
    private static byte[] AssociatedData(FakeKmsKey key, IReadOnlyDictionary<string, string>? context)
    {
        var builder = new StringBuilder(key.KeyId);
        foreach (var (name, value) in (context ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            // Length-prefixed, so no two distinct contexts encode alike.
            builder.Append('|').Append(name.Length).Append(':').Append(name).Append(value.Length).Append(':').Append(value);
        }

        var bytes = Encoding.UTF8.GetBytes(builder.ToString());
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        return [.. length, .. bytes];
    }

    private static Dictionary<string, string>? LoggedEncryptionContext(JsonObject request)
    {
        try
        {
            return ReadEncryptionContext(request);
        }
        catch (AwsJsonErrorException)
        {
            // The operation itself answers the validation error.
            return null;
        }
    }

    private static Dictionary<string, string>? ReadEncryptionContext(JsonObject request)
    {
        if (request["EncryptionContext"] is not JsonObject context)
        {
            return null;
        }

        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in context)
        {
            pairs[name] = value is JsonValue text && text.TryGetValue<string>(out var s) ? s : throw new AwsJsonErrorException("ValidationException", "Encryption context values are strings.");
        }

        return pairs;
    }
}
