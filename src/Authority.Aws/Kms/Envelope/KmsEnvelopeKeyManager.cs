using System.Collections.Concurrent;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Bridge.Abstractions.Keys;
using Bridge.Abstractions.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.Kms.Envelope;

/// <summary>
/// Keeps signing keys as KMS envelopes: each key pair comes from KMS <c>GenerateDataKeyPair</c> under a symmetric
/// wrapping key, only its encrypted private key and public key are stored (one <see cref="IAuthorityStateStore"/>
/// document per namespace, written by compare-and-swap), and the private key is decrypted once per process and then
/// signs in memory — no KMS call per signature, so no asymmetric <c>Sign</c> quota. Each ciphertext is bound to Bridge,
/// the namespace and the key id through its KMS encryption context, and a decrypted key is used only after it is shown
/// to match its stored public key. Throttled or failing KMS calls are retried with jittered back-off, then surface as
/// <see cref="Abstractions.DependencyUnavailableException"/>.
/// </summary>
public sealed partial class KmsEnvelopeKeyManager : IKeyManager
{
    /// <summary>The prefix of the state document name; the namespace follows.</summary>
    public const string DocumentNamePrefix = "envelope-keys-";

    private readonly IKmsEnvelopeClient _kms;
    private readonly IAuthorityStateStore _store;
    private readonly KmsEnvelopeKeyManagerOptions _options;
    private readonly KmsRetryPolicy _retry;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    // Keyed by Bridge key id; an entry is reused only while the stored ciphertext and public key are the ones it came from.
    private readonly ConcurrentDictionary<string, DecryptedKey> _decrypted = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _decryptGate = new(1, 1);
    private volatile DocumentSnapshot? _cached;

    /// <summary>Creates a key manager; neither KMS nor the store is called until a key is asked for.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid (every problem is listed).</exception>
    public KmsEnvelopeKeyManager(
        IKmsEnvelopeClient kms,
        IAuthorityStateStore store,
        IOptions<KmsEnvelopeKeyManagerOptions> options,
        TimeProvider timeProvider,
        ILogger<KmsEnvelopeKeyManager> logger)
    {
        ArgumentNullException.ThrowIfNull(kms);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        var settings = options.Value;
        var validation = new KmsEnvelopeKeyManagerOptionsValidator().Validate(Options.DefaultName, settings);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(KmsEnvelopeKeyManagerOptions), typeof(KmsEnvelopeKeyManagerOptions), validation.Failures);
        }

        _kms = kms;
        _store = store;
        _options = settings;
        _retry = new KmsRetryPolicy(settings.MaxAttempts, settings.RetryBaseDelay, settings.RetryMaxDelay, timeProvider, logger);
        _timeProvider = timeProvider;
        _logger = logger;
        DocumentName = DocumentNamePrefix + settings.Namespace;
    }

    /// <summary>The state document holding this namespace's keys: <c>envelope-keys-&lt;Namespace&gt;</c>.</summary>
    public string DocumentName { get; }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">
    /// The document would outgrow the state store's size limit (delete retired keys first), or KMS answered with a key
    /// pair that does not hold together.
    /// </exception>
    public async Task<IManagedKey> GenerateKeyAsync(string keyId, KeyType keyType, CancellationToken cancellationToken)
    {
        ThrowIfInvalidKeyId(keyId);
        var keyPairSpec = DataKeyPairSpec.FindValue(KmsKeySpecs.ToKeySpec(keyType).Value);
        cancellationToken.ThrowIfCancellationRequested();

        var response = await _retry.CallAsync(
            "GenerateDataKeyPair",
            ct => _kms.GenerateDataKeyPairAsync(
                new GenerateDataKeyPairRequest
                {
                    KeyId = _options.WrappingKeyId,
                    KeyPairSpec = keyPairSpec,
                    EncryptionContext = EncryptionContext(keyId),
                },
                ct),
            cancellationToken).ConfigureAwait(false);

        // The plaintext is imported and wiped before anything else can fail; nothing exists in KMS to clean up later.
        var publicKey = response.PublicKey?.ToArray() ?? [];
        var key = ImportVerified(keyId, keyType, TakePlaintext(response.PrivateKeyPlaintext), publicKey);
        var ciphertext = response.PrivateKeyCiphertextBlob?.ToArray();
        if (ciphertext is not { Length: > 0 })
        {
            throw new InvalidOperationException("KMS GenerateDataKeyPair answered without a private key ciphertext.");
        }

        var entry = new EnvelopeKeyEntry
        {
            Id = keyId,
            KeyPairSpec = keyPairSpec.Value,
            CreatedAt = _timeProvider.GetUtcNow(),
            WrappingKeyArn = response.KeyId,
            PublicKey = publicKey,
            PrivateKeyCiphertext = ciphertext,
        };
        await UpdateAsync(
            document =>
            {
                document.Keys.RemoveAll(k => string.Equals(k.Id, keyId, StringComparison.Ordinal));
                document.Keys.Add(entry);
                document.Keys.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
                return true;
            },
            cancellationToken).ConfigureAwait(false);

        _decrypted[keyId] = new DecryptedKey(ciphertext, key);
        EnvelopeLog.KeyGenerated(_logger, keyId, keyPairSpec.Value, response.KeyId ?? _options.WrappingKeyId);
        return key;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The document is cached and re-read only when the key is not in it. The first use of a key in a process costs
    /// one KMS Decrypt; later calls reuse the decrypted key.
    /// </remarks>
    /// <exception cref="InvalidOperationException">
    /// The stored key does not hold together: KMS refuses its ciphertext (bound to another key id or namespace,
    /// altered, or under another KMS key), or its private key does not match the stored public key.
    /// </exception>
    public async Task<IManagedKey?> GetKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        ThrowIfInvalidKeyId(keyId);
        cancellationToken.ThrowIfCancellationRequested();
        var entry = _cached?.Document.Find(keyId);
        if (entry is null)
        {
            var fresh = await ReadAsync(cancellationToken).ConfigureAwait(false);
            entry = fresh.Document.Find(keyId);
        }

        return entry is null ? null : await DecryptAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>Always re-reads the document, so keys written by other instances appear.</remarks>
    /// <exception cref="InvalidOperationException">A stored key does not hold together (see <see cref="GetKeyAsync"/>).</exception>
    public async Task<IReadOnlyList<IManagedKey>> GetKeysAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var snapshot = await ReadAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<IManagedKey>(snapshot.Document.Keys.Count);
        foreach (var entry in snapshot.Document.Keys.OrderBy(k => k.Id, StringComparer.Ordinal))
        {
            keys.Add(await DecryptAsync(entry, cancellationToken).ConfigureAwait(false));
        }

        return keys;
    }

    /// <inheritdoc/>
    /// <remarks>Only the stored entry is removed: KMS holds nothing per key. Key objects already handed out keep signing.</remarks>
    public async Task<bool> DeleteKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        ThrowIfInvalidKeyId(keyId);
        cancellationToken.ThrowIfCancellationRequested();
        var removed = false;
        await UpdateAsync(
            document =>
            {
                removed = document.Keys.RemoveAll(k => string.Equals(k.Id, keyId, StringComparison.Ordinal)) > 0;
                return removed;
            },
            cancellationToken).ConfigureAwait(false);

        _decrypted.TryRemove(keyId, out _);
        if (removed)
        {
            EnvelopeLog.KeyDeleted(_logger, keyId, DocumentName);
        }

        return removed;
    }

    /// <summary>
    /// The encryption context every ciphertext is bound to: KMS refuses to decrypt it under any other context, so a
    /// ciphertext copied to another key id or namespace is useless. It is not secret (CloudTrail records it).
    /// </summary>
    internal Dictionary<string, string> EncryptionContext(string keyId) => new(StringComparer.Ordinal)
    {
        ["bridge:purpose"] = "envelope-signing-key",
        ["bridge:namespace"] = _options.Namespace,
        ["bridge:key-id"] = keyId,
    };

    private static void ThrowIfInvalidKeyId(string keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        if (!KmsAliasNames.IsValidKeyId(keyId))
        {
            throw new ArgumentException(
                "A key identifier must be 1-128 characters of [A-Za-z0-9._-] and must not start with '.'.",
                nameof(keyId));
        }
    }

    /// <summary>A decrypted key and the ciphertext it came from.</summary>
    private sealed record DecryptedKey(byte[] Ciphertext, EnvelopeManagedKey Key);
}
