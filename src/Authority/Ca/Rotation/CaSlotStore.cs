using System.Security.Cryptography;
using System.Text.Json;
using Bridge.Abstractions.Keys;
using Bridge.Abstractions.State;
using Microsoft.Extensions.Logging;

namespace Bridge.Authority.Ca.Rotation;

/// <summary>
/// Reads and compare-and-swaps one <see cref="CaSlotDocument"/>, and carries out the claim protocol that keeps
/// concurrent instances from leaving orphaned keys: a claim is appended as a pending slot (one writer wins), the key is
/// generated under the slot's unique identifier, and the claim is completed by another compare-and-swap; a claim
/// that vanished meanwhile (taken over as stale) makes its owner delete the key it made.
/// </summary>
internal sealed class CaSlotStore
{
    /// <summary>Compare-and-swap attempts before contention is reported as an unavailable dependency.</summary>
    public const int MaxAttempts = 16;

    private readonly IAuthorityStateStore _store;
    private readonly IKeyManager _keyManager;
    private readonly ILogger _logger;

    public CaSlotStore(string documentName, IAuthorityStateStore store, IKeyManager keyManager, ILogger logger)
    {
        StateDocumentNames.ThrowIfInvalid(documentName);
        DocumentName = documentName;
        _store = store;
        _keyManager = keyManager;
        _logger = logger;
    }

    /// <summary>The state document's name.</summary>
    public string DocumentName { get; }

    /// <summary>A new slot identifier: <c>{prefix}-{yyyyMMddHHmmss}-{8 hex}</c>, sortable by claim time and unique.</summary>
    public static string NewSlotId(string prefix, DateTimeOffset now) =>
        $"{prefix}-{now.UtcDateTime:yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>Reads the document; an absent one is <see cref="CaSlotDocument.Empty"/> at revision 0.</summary>
    /// <exception cref="InvalidOperationException">The stored content is not a document this version understands.</exception>
    public async Task<(CaSlotDocument Document, long Revision)> ReadAsync(CancellationToken cancellationToken)
    {
        var stored = await _store.GetAsync(DocumentName, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return (CaSlotDocument.Empty, 0);
        }

        CaSlotDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(stored.Content.Span, CaSlotJsonContext.Default.CaSlotDocument);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"State document '{DocumentName}' is not valid CA state.", ex);
        }

        if (document is null || document.Version != CaSlotDocument.CurrentVersion)
        {
            // Refuse rather than overwrite: a newer Bridge may have written it, and rewriting would lose its slots.
            throw new InvalidOperationException(
                $"State document '{DocumentName}' has format version {document?.Version}; this Bridge reads version {CaSlotDocument.CurrentVersion}.");
        }

        return (document, stored.Revision);
    }

    /// <summary>Writes <paramref name="document"/> if the stored revision is still <paramref name="expectedRevision"/>.</summary>
    /// <returns>The new revision, or null when another writer won.</returns>
    public async Task<long?> TryWriteAsync(CaSlotDocument document, long expectedRevision, CancellationToken cancellationToken)
    {
        var content = JsonSerializer.SerializeToUtf8Bytes(document, CaSlotJsonContext.Default.CaSlotDocument);
        var stored = await _store.TryWriteAsync(DocumentName, content, expectedRevision, cancellationToken).ConfigureAwait(false);
        return stored?.Revision;
    }

    /// <summary>
    /// Replaces the pending slot <paramref name="slotId"/> with what <paramref name="complete"/> makes of the document.
    /// </summary>
    /// <returns>The new document, or null when the claim is gone (taken over): the caller's key is then deleted here.</returns>
    public async Task<(CaSlotDocument Document, long Revision)?> CompleteClaimAsync(
        string slotId, Func<CaSlotDocument, CaSlot, CaSlotDocument> complete, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (document, revision) = await ReadAsync(cancellationToken).ConfigureAwait(false);
            if (document.Find(slotId) is not { Status: CaSlotStatus.Pending } pending)
            {
                CaLog.ClaimLost(_logger, DocumentName, slotId);
                await DeleteKeysAsync([slotId]).ConfigureAwait(false);
                return null;
            }

            var next = complete(document, pending);
            if (await TryWriteAsync(next, revision, cancellationToken).ConfigureAwait(false) is { } written)
            {
                return (next, written);
            }
        }

        throw Contended();
    }

    /// <summary>
    /// Gives up a claim whose key generation or certification failed: removes the pending slot and deletes the key, so
    /// a failure never leaves an orphan. Best effort; a stale claim is taken over later anyway.
    /// </summary>
    public async Task AbandonClaimAsync(string slotId)
    {
        try
        {
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var (document, revision) = await ReadAsync(CancellationToken.None).ConfigureAwait(false);
                if (document.Find(slotId) is not { Status: CaSlotStatus.Pending })
                {
                    break;
                }

                if (await TryWriteAsync(document.Without(slotId), revision, CancellationToken.None).ConfigureAwait(false) is not null)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            CaLog.AbandonFailed(_logger, DocumentName, slotId, ex);
        }

        await DeleteKeysAsync([slotId]).ConfigureAwait(false);
    }

    /// <summary>Deletes the keys of slots no longer in the document; failures are logged, never thrown.</summary>
    public async Task DeleteKeysAsync(IEnumerable<string> slotIds)
    {
        foreach (var slotId in slotIds)
        {
            try
            {
                if (await _keyManager.DeleteKeyAsync(slotId, CancellationToken.None).ConfigureAwait(false))
                {
                    CaLog.KeyDeleted(_logger, DocumentName, slotId);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                CaLog.KeyDeletionFailed(_logger, DocumentName, slotId, ex);
            }
        }
    }

    /// <summary>Too many lost compare-and-swaps in a row: other writers keep winning, so report a busy backend.</summary>
    public Abstractions.DependencyUnavailableException Contended() =>
        new($"State document '{DocumentName}' changed {MaxAttempts} times in a row during one update.");
}
