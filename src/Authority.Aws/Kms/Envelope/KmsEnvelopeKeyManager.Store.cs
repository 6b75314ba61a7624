using Bridge.Abstractions;
using Bridge.Abstractions.State;

namespace Bridge.Authority.Aws.Kms.Envelope;

/// <summary>The state document: read, cached, and changed by compare-and-swap so concurrent instances never lose a key.</summary>
public sealed partial class KmsEnvelopeKeyManager
{
    /// <summary>Bounds the compare-and-swap loop; each lost round means another instance wrote in between.</summary>
    private const int MaxWriteAttempts = 16;

    /// <summary>Reads the stored document (an empty one when absent) and caches it.</summary>
    private async Task<DocumentSnapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var stored = await _store.GetAsync(DocumentName, cancellationToken).ConfigureAwait(false);
        var snapshot = stored is null
            ? new DocumentSnapshot(0, new EnvelopeKeyDocument())
            : new DocumentSnapshot(stored.Revision, EnvelopeKeyDocument.Parse(DocumentName, stored.Content.Span));
        Cache(snapshot);
        return snapshot;
    }

    /// <summary>
    /// Applies <paramref name="change"/> to a freshly read document and writes it back if the stored revision is still
    /// the one read, re-reading and re-applying otherwise. <paramref name="change"/> returns false when nothing changed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The changed document would exceed the store's size limit.</exception>
    /// <exception cref="DependencyUnavailableException">Other writers won every round.</exception>
    private async Task UpdateAsync(Func<EnvelopeKeyDocument, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxWriteAttempts; attempt++)
        {
            // Parsed afresh each round, so the cached snapshot is never mutated.
            var current = await ReadAsync(cancellationToken).ConfigureAwait(false);
            var document = EnvelopeKeyDocument.Parse(DocumentName, current.Document.Serialize());
            if (!change(document))
            {
                return;
            }

            var content = document.Serialize();
            if (content.Length > IAuthorityStateStore.MaxContentBytes)
            {
                throw new InvalidOperationException(
                    $"State document '{DocumentName}' would hold {document.Keys.Count} keys in {content.Length} bytes, over the state store's limit of {IAuthorityStateStore.MaxContentBytes} bytes. Delete retired keys first (an RSA-4096 key takes about 4.5 KB, a P-256 key about 0.7 KB).");
            }

            cancellationToken.ThrowIfCancellationRequested();
            var written = await _store.TryWriteAsync(DocumentName, content, current.Revision, cancellationToken).ConfigureAwait(false);
            if (written is not null)
            {
                Cache(new DocumentSnapshot(written.Revision, document));
                return;
            }

            EnvelopeLog.WriteConflict(_logger, DocumentName, attempt);
        }

        throw new DependencyUnavailableException(
            $"State document '{DocumentName}' changed under each of {MaxWriteAttempts} write attempts; too many concurrent writers.");
    }

    /// <summary>Keeps the newest snapshot seen; an older read finishing late never replaces a newer one.</summary>
    private void Cache(DocumentSnapshot snapshot)
    {
        while (true)
        {
            var cached = _cached;
            if (cached is not null && cached.Revision >= snapshot.Revision)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _cached, snapshot, cached) == cached)
            {
                return;
            }
        }
    }

    /// <summary>A parsed document and the revision it was read or written at; never mutated once built.</summary>
    private sealed record DocumentSnapshot(long Revision, EnvelopeKeyDocument Document);
}
