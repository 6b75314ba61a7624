namespace Bridge.Abstractions.State;

/// <summary>
/// Holds the few small documents every instance of Bridge must agree on, such as the rotation state of the signing
/// keys and the CA. Writes are compare-and-swap on a revision, so that of any number of concurrent writers that read
/// the same revision exactly one succeeds and the others re-read: no lock service is needed.
/// </summary>
public interface IAuthorityStateStore
{
    /// <summary>
    /// The largest content a backend must accept. It stays well below DynamoDB's 400 KB item limit, and the rotation
    /// state (a handful of slots with their certificates) needs a few kilobytes.
    /// </summary>
    const int MaxContentBytes = 256 * 1024;

    /// <summary>Returns the document named <paramref name="name"/>, or null when it was never written.</summary>
    /// <param name="name">The document's name; see <see cref="StateDocumentNames"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task<StateDocument?> GetAsync(string name, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="content"/> as revision <paramref name="expectedRevision"/> + 1 when the stored revision is
    /// <paramref name="expectedRevision"/> (0: the document must not exist yet).
    /// </summary>
    /// <returns>The stored document; null when the stored revision differs (another writer won).</returns>
    /// <exception cref="ArgumentException">
    /// The name is invalid, the content is empty or larger than <see cref="MaxContentBytes"/>, or the revision is negative.
    /// </exception>
    Task<StateDocument?> TryWriteAsync(string name, ReadOnlyMemory<byte> content, long expectedRevision, CancellationToken cancellationToken);
}
