using System.Security.Cryptography;
using Amazon.KeyManagementService.Model;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Keys;

namespace Bridge.Authority.Aws.Kms.Envelope;

/// <summary>Decryption and import: the only places a plaintext private key exists, each wiping it after use.</summary>
public sealed partial class KmsEnvelopeKeyManager
{
    /// <summary>Returns the decrypted key of <paramref name="entry"/>, calling KMS Decrypt only on its first use in this process.</summary>
    private async Task<EnvelopeManagedKey> DecryptAsync(EnvelopeKeyEntry entry, CancellationToken cancellationToken)
    {
        if (TryGetDecrypted(entry) is { } cached)
        {
            return cached;
        }

        // One decryption at a time: concurrent first uses of a key at cold start share one Decrypt call.
        await _decryptGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (TryGetDecrypted(entry) is { } decrypted)
            {
                return decrypted;
            }

            var keyType = KmsKeySpecs.FromKeySpec(entry.KeyPairSpec)
                ?? throw new InvalidOperationException($"Envelope key '{entry.Id}' has key pair spec {entry.KeyPairSpec}, which Bridge does not sign with.");
            DecryptResponse response;
            try
            {
                response = await _retry.CallAsync(
                    "Decrypt",
                    ct => _kms.DecryptAsync(
                        new DecryptRequest
                        {
                            CiphertextBlob = new MemoryStream(entry.PrivateKeyCiphertext, writable: false),
                            // Always the configured key, never the ARN in the document: a document naming another
                            // KMS key (one an attacker controls) cannot bring in a private key of its choosing.
                            KeyId = _options.WrappingKeyId,
                            EncryptionContext = EncryptionContext(entry.Id),
                        },
                        ct),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is InvalidCiphertextException or IncorrectKeyException)
            {
                var errorCode = ((Amazon.Runtime.AmazonServiceException)exception).ErrorCode ?? exception.GetType().Name;
                EnvelopeLog.CiphertextRefused(_logger, entry.Id, errorCode);
                throw new InvalidOperationException(
                    $"KMS refused to decrypt envelope key '{entry.Id}' ({errorCode}): its ciphertext is bound to another key id or namespace, was altered, or was made under another KMS key than {_options.WrappingKeyId}.",
                    exception);
            }

            var key = ImportVerified(entry.Id, keyType, TakePlaintext(response.Plaintext), entry.PublicKey);
            _decrypted[entry.Id] = new DecryptedKey(entry.PrivateKeyCiphertext, key);
            EnvelopeLog.KeyDecrypted(_logger, entry.Id);
            return key;
        }
        finally
        {
            _decryptGate.Release();
        }
    }

    private EnvelopeManagedKey? TryGetDecrypted(EnvelopeKeyEntry entry) =>
        _decrypted.TryGetValue(entry.Id, out var decrypted)
            && decrypted.Ciphertext.AsSpan().SequenceEqual(entry.PrivateKeyCiphertext)
            && decrypted.Key.SubjectPublicKeyInfo.Span.SequenceEqual(entry.PublicKey)
            ? decrypted.Key
            : null;

    /// <summary>
    /// Copies a plaintext out of the SDK's response stream and overwrites the stream's own buffer, so the only copy
    /// left is the one the caller wipes. (The SDK's raw HTTP buffers are beyond reach; they hold base64 until collected.)
    /// </summary>
    private static byte[] TakePlaintext(MemoryStream? stream)
    {
        if (stream is null || stream.Length == 0)
        {
            throw new InvalidOperationException("KMS answered without a plaintext private key.");
        }

        var plaintext = stream.ToArray();
        if (stream.TryGetBuffer(out var buffer))
        {
            CryptographicOperations.ZeroMemory(buffer.AsSpan());
        }
        else if (stream.CanWrite && stream.CanSeek)
        {
            stream.Position = 0;
            stream.Write(new byte[plaintext.Length]);
        }

        stream.Dispose();
        return plaintext;
    }

    /// <summary>
    /// Imports a PKCS#8 private key, wipes <paramref name="pkcs8"/>, and checks the key is of <paramref name="keyType"/>
    /// and matches <paramref name="expectedPublicKey"/> — the proof that the public key published for it is its own.
    /// </summary>
    private EnvelopeManagedKey ImportVerified(string keyId, KeyType keyType, byte[] pkcs8, byte[] expectedPublicKey)
    {
        AsymmetricAlgorithm key = keyType is KeyType.EcP256 or KeyType.EcP384 ? ECDsa.Create() : RSA.Create();
        try
        {
            try
            {
                key.ImportPkcs8PrivateKey(pkcs8, out var read);
                if (read != pkcs8.Length)
                {
                    throw new InvalidOperationException($"The private key of envelope key '{keyId}' has trailing data.");
                }
            }
            catch (CryptographicException exception)
            {
                throw new InvalidOperationException($"The private key of envelope key '{keyId}' is not a valid {keyType} PKCS#8 key.", exception);
            }

            var publicKey = key.ExportSubjectPublicKeyInfo();
            if (PublicKeyTypes.Of(publicKey) != keyType)
            {
                throw new InvalidOperationException($"The private key of envelope key '{keyId}' is not a {keyType} key.");
            }

            if (!publicKey.AsSpan().SequenceEqual(expectedPublicKey))
            {
                EnvelopeLog.PublicKeyMismatch(_logger, keyId);
                throw new InvalidOperationException($"The private key of envelope key '{keyId}' does not match its public key; it is not used.");
            }

            return new EnvelopeManagedKey(keyId, keyType, publicKey, key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }
}
