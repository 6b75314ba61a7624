using System.Collections.Concurrent;
using Bridge.Abstractions.Keys;
using Bridge.Authority.Keys;

namespace Bridge.Authority.Local.Keys;

/// <summary>
/// Holds keys in process memory only: for tests, benchmarks and throw-away local runs. Key identifiers follow the
/// same rules as <see cref="FileKeyManager"/> so that a configuration behaves the same on either backend.
/// </summary>
public sealed class InMemoryKeyManager : IKeyManager
{
    private readonly ConcurrentDictionary<string, SoftwareKey> _keys = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task<IManagedKey> GenerateKeyAsync(string keyId, KeyType keyType, CancellationToken cancellationToken)
    {
        KeyIdRules.ThrowIfInvalid(keyId);
        cancellationToken.ThrowIfCancellationRequested();
        // A replaced key is not disposed: a signer may still hold it, and the GC reclaims it.
        var key = SoftwareKey.Generate(keyId, keyType);
        _keys[keyId] = key;
        return Task.FromResult<IManagedKey>(key);
    }

    /// <inheritdoc/>
    public Task<IManagedKey?> GetKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        KeyIdRules.ThrowIfInvalid(keyId);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IManagedKey?>(_keys.GetValueOrDefault(keyId));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<IManagedKey>> GetKeysAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<IManagedKey> keys = [.. _keys.Values.OrderBy(k => k.Id, StringComparer.Ordinal)];
        return Task.FromResult(keys);
    }

    /// <inheritdoc/>
    public Task<bool> DeleteKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        KeyIdRules.ThrowIfInvalid(keyId);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_keys.TryRemove(keyId, out _));
    }
}
