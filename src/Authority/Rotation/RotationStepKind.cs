namespace Bridge.Authority.Rotation;

/// <summary>What one rotation step did.</summary>
public enum RotationStepKind
{
    /// <summary>The key of an earlier version (fixed id <c>jwt-signer</c>) became the first active slot.</summary>
    Adopted = 1,

    /// <summary>The very first key was generated and activated at once (nothing was ever published before it).</summary>
    Created,

    /// <summary>A new key was generated and published; it signs once the publish wait has passed.</summary>
    Prepared,

    /// <summary>A prepared key now signs.</summary>
    Activated,

    /// <summary>The previously active key signs no more; it stays published until its tokens have expired.</summary>
    Retired,

    /// <summary>A retired key left the published set and was deleted from the key manager.</summary>
    Pruned,

    /// <summary>A generation claimed by another instance timed out and was taken over.</summary>
    TakenOver,

    /// <summary>Preparing was due but would exceed the published-key bound; it waits for a retired key to drop out.</summary>
    PrepareDeferred,
}
