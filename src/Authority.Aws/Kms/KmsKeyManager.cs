using System.Collections.Concurrent;
using System.Security.Cryptography;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Keys;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.Kms;

/// <summary>
/// Keeps signing keys in AWS KMS (asymmetric <c>SIGN_VERIFY</c> keys), addressed by the aliases
/// <c>alias/bridge/&lt;namespace&gt;/&lt;keyId&gt;</c>. A key that Bridge creates but cannot alias is scheduled for
/// deletion at once, and a key replaced behind its alias is scheduled for deletion too, so no key is left orphaned.
/// Throttled or failing KMS calls are retried with jittered back-off, then surface as
/// <see cref="Abstractions.DependencyUnavailableException"/>.
/// </summary>
public sealed class KmsKeyManager : IKeyManager
{
    private const int ListAliasesPageSize = 100;

    private readonly IKmsClient _kms;
    private readonly KmsKeyManagerOptions _options;
    private readonly KmsAliasNames _aliases;
    private readonly KmsRetryPolicy _retry;
    private readonly ILogger _logger;

    // Keyed by key ARN: a KMS key's public key never changes, so it is fetched once per key and process.
    private readonly ConcurrentDictionary<string, KmsPublicKey> _publicKeys = new(StringComparer.Ordinal);

    /// <summary>Creates a key manager; KMS is not called until a key is asked for.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid (every problem is listed).</exception>
    public KmsKeyManager(IKmsClient kms, IOptions<KmsKeyManagerOptions> options, TimeProvider timeProvider, ILogger<KmsKeyManager> logger)
    {
        ArgumentNullException.ThrowIfNull(kms);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        var settings = options.Value;
        var validation = new KmsKeyManagerOptionsValidator().Validate(Options.DefaultName, settings);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(KmsKeyManagerOptions), typeof(KmsKeyManagerOptions), validation.Failures);
        }

        _kms = kms;
        _options = settings;
        _aliases = new KmsAliasNames(settings.AliasNamespace);
        _retry = new KmsRetryPolicy(settings.MaxAttempts, settings.RetryBaseDelay, settings.RetryMaxDelay, timeProvider, logger);
        _logger = logger;
    }

    /// <summary>The alias prefix of this deployment's keys, ending in '/'.</summary>
    public string AliasPrefix => _aliases.Prefix;

    /// <inheritdoc/>
    public async Task<IManagedKey> GenerateKeyAsync(string keyId, KeyType keyType, CancellationToken cancellationToken)
    {
        var alias = _aliases.ToAlias(keyId);
        var keySpec = KmsKeySpecs.ToKeySpec(keyType);
        cancellationToken.ThrowIfCancellationRequested();

        var created = await _retry.CallAsync(
            "CreateKey",
            ct => _kms.CreateKeyAsync(
                new CreateKeyRequest
                {
                    KeySpec = keySpec,
                    KeyUsage = KeyUsageType.SIGN_VERIFY,
                    Description = $"Bridge SPIFFE authority signing key {alias}",
                },
                ct),
            cancellationToken).ConfigureAwait(false);
        var keyArn = created.KeyMetadata?.Arn
            ?? throw new InvalidOperationException("KMS CreateKey answered without a key ARN.");
        KmsLog.KeyCreated(_logger, keyArn, keySpec.Value, keyId);

        KmsPublicKey publicKey;
        KeyMetadata? replaced;
        try
        {
            // The public key is read before the alias moves: once the alias names the key it must be usable.
            publicKey = await FetchPublicKeyAsync(keyArn, keyType, cancellationToken).ConfigureAwait(false);
            replaced = await PointAliasAsync(alias, keyArn, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            // Whatever failed (KMS, cancellation, a bug), the new key is unreachable through any alias: delete it.
            await DeleteAbandonedKeyAsync(keyArn, exception).ConfigureAwait(false);
            throw;
        }

        KmsLog.AliasPointed(_logger, alias, keyArn);
        if (replaced?.Arn is { } replacedArn && !string.Equals(replacedArn, keyArn, StringComparison.Ordinal)
            && replaced.KeyState?.Value is not ("PendingDeletion" or "PendingReplicaDeletion"))
        {
            await DeleteReplacedKeyAsync(replacedArn, alias).ConfigureAwait(false);
        }

        return new KmsManagedKey(this, keyId, publicKey);
    }

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">
    /// The alias names a key Bridge cannot sign with: disabled, not SIGN_VERIFY, or of an unknown key spec.
    /// </exception>
    public async Task<IManagedKey?> GetKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        var alias = _aliases.ToAlias(keyId);
        cancellationToken.ThrowIfCancellationRequested();
        var metadata = await DescribeOrNullAsync(alias, cancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            return null;
        }

        var state = metadata.KeyState?.Value;
        if (state is "PendingDeletion" or "PendingReplicaDeletion")
        {
            KmsLog.KeyPendingDeletion(_logger, alias, keyId);
            return null;
        }

        if (state != KeyState.Enabled.Value)
        {
            throw new InvalidOperationException($"The KMS key behind alias '{alias}' is {state ?? "in an unknown state"}, not Enabled.");
        }

        if (metadata.KeyUsage?.Value != KeyUsageType.SIGN_VERIFY.Value)
        {
            throw new InvalidOperationException($"The KMS key behind alias '{alias}' has key usage {metadata.KeyUsage?.Value}, not SIGN_VERIFY.");
        }

        var keyType = KmsKeySpecs.FromKeySpec(metadata.KeySpec?.Value)
            ?? throw new InvalidOperationException($"The KMS key behind alias '{alias}' has key spec {metadata.KeySpec?.Value}, which Bridge does not sign with.");
        var keyArn = metadata.Arn ?? throw new InvalidOperationException("KMS DescribeKey answered without a key ARN.");
        var publicKey = await FetchPublicKeyAsync(keyArn, keyType, cancellationToken).ConfigureAwait(false);
        return new KmsManagedKey(this, keyId, publicKey);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<IManagedKey>> GetKeysAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var keyIds = new List<string>();
        string? marker = null;
        do
        {
            var request = new ListAliasesRequest { Limit = ListAliasesPageSize, Marker = marker };
            var page = await _retry.CallAsync("ListAliases", ct => _kms.ListAliasesAsync(request, ct), cancellationToken).ConfigureAwait(false);
            foreach (var entry in page.Aliases ?? [])
            {
                if (entry.TargetKeyId is not null && _aliases.TryGetKeyId(entry.AliasName, out var keyId))
                {
                    keyIds.Add(keyId);
                }
            }

            marker = page.Truncated == true ? page.NextMarker : null;
        }
        while (!string.IsNullOrEmpty(marker));

        var keys = new List<IManagedKey>(keyIds.Count);
        foreach (var keyId in keyIds.Order(StringComparer.Ordinal))
        {
            // Resolved by alias again, not by the listed target: the alias may have moved since the listing.
            if (await GetKeyAsync(keyId, cancellationToken).ConfigureAwait(false) is { } key)
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// The key is scheduled for deletion after <see cref="KmsKeyManagerOptions.DeletionPendingWindowDays"/> first, then
    /// its alias is removed: if the second step fails, the alias names a key pending deletion, which
    /// <see cref="GetKeyAsync"/> already treats as absent, so no key is ever left behind without a deletion date.
    /// </remarks>
    public async Task<bool> DeleteKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        var alias = _aliases.ToAlias(keyId);
        cancellationToken.ThrowIfCancellationRequested();
        var metadata = await DescribeOrNullAsync(alias, cancellationToken).ConfigureAwait(false);
        if (metadata?.Arn is not { } keyArn)
        {
            return false;
        }

        var pending = metadata.KeyState?.Value is "PendingDeletion" or "PendingReplicaDeletion";
        if (!pending)
        {
            await _retry.CallAsync(
                "ScheduleKeyDeletion",
                ct => _kms.ScheduleKeyDeletionAsync(
                    new ScheduleKeyDeletionRequest { KeyId = keyArn, PendingWindowInDays = _options.DeletionPendingWindowDays }, ct),
                cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await _retry.CallAsync("DeleteAlias", ct => _kms.DeleteAliasAsync(new DeleteAliasRequest { AliasName = alias }, ct), cancellationToken)
                .ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            // Another instance removed it first; the outcome is the same.
        }

        _publicKeys.TryRemove(keyArn, out _);
        return !pending;
    }

    /// <summary>Signs with the KMS key itself (its ARN), never through the alias.</summary>
    internal async Task<byte[]> SignDigestAsync(KmsPublicKey key, ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken)
    {
        var (algorithm, message) = KmsKeySpecs.SigningInput(key.KeyType, digest.Span, hashAlgorithm);
        cancellationToken.ThrowIfCancellationRequested();
        var response = await _retry.CallAsync(
            "Sign",
            ct => _kms.SignAsync(
                new SignRequest
                {
                    KeyId = key.KeyArn,
                    Message = new MemoryStream(message, writable: false),
                    MessageType = MessageType.DIGEST,
                    SigningAlgorithm = algorithm,
                },
                ct),
            cancellationToken).ConfigureAwait(false);
        return response.Signature?.ToArray() is { Length: > 0 } signature
            ? signature
            : throw new InvalidOperationException("KMS Sign answered without a signature.");
    }

    private async Task<KmsPublicKey> FetchPublicKeyAsync(string keyArn, KeyType expectedKeyType, CancellationToken cancellationToken)
    {
        if (_publicKeys.TryGetValue(keyArn, out var cached))
        {
            return cached;
        }

        var response = await _retry.CallAsync(
            "GetPublicKey", ct => _kms.GetPublicKeyAsync(new GetPublicKeyRequest { KeyId = keyArn }, ct), cancellationToken).ConfigureAwait(false);
        var subjectPublicKeyInfo = response.PublicKey?.ToArray() ?? [];
        // The key spec KMS reports and the key it returns must both be what Bridge expects; a mismatch is never signed with.
        var reportedType = KmsKeySpecs.FromKeySpec(response.KeySpec?.Value);
        var actualType = PublicKeyTypes.Of(subjectPublicKeyInfo);
        if (reportedType != expectedKeyType || actualType != expectedKeyType)
        {
            throw new InvalidOperationException(
                $"KMS key {keyArn} is expected to be {expectedKeyType} but reports {response.KeySpec?.Value} with a {actualType?.ToString() ?? "unrecognized"} public key.");
        }

        return _publicKeys.GetOrAdd(keyArn, new KmsPublicKey(keyArn, expectedKeyType, subjectPublicKeyInfo));
    }

    /// <summary>Points <paramref name="alias"/> at the key; returns the key the alias named before, if any.</summary>
    private async Task<KeyMetadata?> PointAliasAsync(string alias, string keyArn, CancellationToken cancellationToken)
    {
        var previous = await DescribeOrNullAsync(alias, cancellationToken).ConfigureAwait(false);
        if (previous is null)
        {
            try
            {
                await _retry.CallAsync(
                    "CreateAlias",
                    ct => _kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = keyArn }, ct),
                    cancellationToken).ConfigureAwait(false);
                return null;
            }
            catch (AlreadyExistsException)
            {
                // Another instance created the alias in between (or an earlier attempt of ours did): move it instead.
                previous = await DescribeOrNullAsync(alias, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"KMS alias '{alias}' exists but names no key.");
            }
        }

        await _retry.CallAsync(
            "UpdateAlias",
            ct => _kms.UpdateAliasAsync(new UpdateAliasRequest { AliasName = alias, TargetKeyId = keyArn }, ct),
            cancellationToken).ConfigureAwait(false);
        return previous;
    }

    private async Task<KeyMetadata?> DescribeOrNullAsync(string keyIdOrAlias, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _retry.CallAsync(
                "DescribeKey", ct => _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = keyIdOrAlias }, ct), cancellationToken).ConfigureAwait(false);
            return response.KeyMetadata;
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    private async Task DeleteAbandonedKeyAsync(string keyArn, Exception cause)
    {
        try
        {
            // Not cancellable: the caller's cancellation may be the very failure, and the key must not outlive it.
            await ScheduleDeletionAsync(keyArn).ConfigureAwait(false);
            KmsLog.AbandonedKeyScheduledForDeletion(_logger, keyArn, cause.GetType().Name, _options.DeletionPendingWindowDays);
        }
        catch (Exception exception) when (exception is AmazonKeyManagementServiceException or Abstractions.DependencyUnavailableException or HttpRequestException)
        {
            KmsLog.AbandonedKeyDeletionFailed(_logger, keyArn, exception.GetType().Name);
        }
    }

    private async Task DeleteReplacedKeyAsync(string keyArn, string alias)
    {
        try
        {
            await ScheduleDeletionAsync(keyArn).ConfigureAwait(false);
            KmsLog.ReplacedKeyScheduledForDeletion(_logger, keyArn, alias, _options.DeletionPendingWindowDays);
        }
        catch (Exception exception) when (exception is AmazonKeyManagementServiceException or Abstractions.DependencyUnavailableException or HttpRequestException)
        {
            // The new key is in place; a key left behind costs money but breaks nothing.
            KmsLog.ReplacedKeyDeletionFailed(_logger, keyArn, exception.GetType().Name);
        }
    }

    private Task<ScheduleKeyDeletionResponse> ScheduleDeletionAsync(string keyArn) => _retry.CallAsync(
        "ScheduleKeyDeletion",
        ct => _kms.ScheduleKeyDeletionAsync(
            new ScheduleKeyDeletionRequest { KeyId = keyArn, PendingWindowInDays = _options.DeletionPendingWindowDays }, ct),
        CancellationToken.None);
}
