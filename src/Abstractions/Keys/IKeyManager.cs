namespace Bridge.Abstractions.Keys;

/// <summary>Creates and finds signing keys (SPIRE's KeyManager shape). Keys are addressed by a stable identifier.</summary>
public interface IKeyManager
{
    /// <summary>
    /// Generates a key under <paramref name="keyId"/>, replacing any key already there. A backend must never leave an
    /// orphaned key behind when a later step of generation fails.
    /// </summary>
    Task<IManagedKey> GenerateKeyAsync(string keyId, KeyType keyType, CancellationToken cancellationToken);

    /// <summary>Returns the key with <paramref name="keyId"/>, or null when there is none.</summary>
    Task<IManagedKey?> GetKeyAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>Returns every key, ordered by identifier.</summary>
    Task<IReadOnlyList<IManagedKey>> GetKeysAsync(CancellationToken cancellationToken);
}
