using Bridge.Abstractions.Keys;
using Bridge.Abstractions.State;
using Bridge.Authority.Rotation.Engine;
using Microsoft.Extensions.Logging;

namespace Bridge.Authority.Ca.Rotation;

/// <summary>
/// One <see cref="CaSlotDocument"/> over the rotation engine's claim loop, with the CA's claim protocol that keeps
/// concurrent instances from leaving orphaned keys: a claim is appended as a pending slot (one writer wins), the key is
/// generated under the slot's unique identifier, and the claim is completed by another compare-and-swap; a claim
/// that vanished meanwhile (taken over as stale) makes its owner delete the key it made.
/// </summary>
internal sealed class CaSlotStore
{
    private readonly SlotStateStore<CaSlotDocument, CaSlotDocumentCodec> _slots;
    private readonly IKeyManager _keyManager;
    private readonly ILogger _logger;

    public CaSlotStore(string documentName, IAuthorityStateStore store, IKeyManager keyManager, ILogger logger)
    {
        _slots = new SlotStateStore<CaSlotDocument, CaSlotDocumentCodec>(documentName, store);
        _keyManager = keyManager;
        _logger = logger;
    }

    /// <summary>The state document's name.</summary>
    public string DocumentName => _slots.DocumentName;

    /// <summary>A new slot identifier: <c>{prefix}-{yyyyMMddHHmmss}-{8 hex}</c>, sortable by claim time and unique.</summary>
    public static string NewSlotId(string prefix, DateTimeOffset now) => SlotIds.New(prefix, now);

    /// <summary>Reads the document; an absent one is <see cref="CaSlotDocument.Empty"/> at revision 0.</summary>
    /// <exception cref="InvalidOperationException">The stored content is not a document this version understands.</exception>
    public Task<Versioned<CaSlotDocument>> ReadAsync(CancellationToken cancellationToken) => _slots.ReadAsync(cancellationToken);

    /// <summary>Writes <paramref name="document"/> if the stored revision is still <paramref name="expectedRevision"/>.</summary>
    /// <returns>The written document, or null when another writer won.</returns>
    public Task<Versioned<CaSlotDocument>?> TryWriteAsync(CaSlotDocument document, long expectedRevision, CancellationToken cancellationToken) =>
        _slots.TryWriteAsync(document, expectedRevision, cancellationToken);

    /// <summary>The engine's claim loop over this document (see <see cref="SlotStateStore{TState, TCodec}.UpdateAsync"/>).</summary>
    public Task<SlotUpdate<CaSlotDocument, TPlan>> UpdateAsync<TPlan>(
        Func<Versioned<CaSlotDocument>, (CaSlotDocument? Next, TPlan Plan)> decide, CancellationToken cancellationToken) =>
        _slots.UpdateAsync(decide, cancellationToken);

    /// <summary>
    /// Replaces the pending slot <paramref name="slotId"/> with what <paramref name="complete"/> makes of the document.
    /// </summary>
    /// <returns>The new document, or null when the claim is gone (taken over): the caller's key is then deleted here.</returns>
    public async Task<Versioned<CaSlotDocument>?> CompleteClaimAsync(
        string slotId, Func<CaSlotDocument, CaSlot, CaSlotDocument> complete, CancellationToken cancellationToken)
    {
        var update = await _slots.UpdateAsync(
            current => current.State.Find(slotId) is { Status: SlotStatus.Pending } pending
                ? (complete(current.State, pending), true)
                : (null, false),
            cancellationToken).ConfigureAwait(false);
        if (update.Written)
        {
            return update.Current;
        }

        CaLog.ClaimLost(_logger, DocumentName, slotId);
        await DeleteKeysAsync([slotId]).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Gives up a claim whose key generation or certification failed: removes the pending slot and deletes the key, so
    /// a failure never leaves an orphan. Best effort; a stale claim is taken over later anyway.
    /// </summary>
    public async Task AbandonClaimAsync(string slotId)
    {
        try
        {
            await _slots.UpdateAsync(
                current => current.State.Find(slotId) is { Status: SlotStatus.Pending } ? (current.State.Without(slotId), true) : (null, false),
                CancellationToken.None).ConfigureAwait(false);
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
}
