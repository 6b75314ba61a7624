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

    /// <summary>
    /// Deletes the key under <paramref name="keyId"/> so that rotation does not accumulate retired keys (each KMS key
    /// costs money every month). A backend with a recovery window (KMS) schedules the deletion. Signing through a
    /// key object obtained earlier may fail afterwards, so callers delete only keys nothing signs with any more.
    /// </summary>
    /// <returns>True when a key was deleted; false when there was none.</returns>
    Task<bool> DeleteKeyAsync(string keyId, CancellationToken cancellationToken);
}
