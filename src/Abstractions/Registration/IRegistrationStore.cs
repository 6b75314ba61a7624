using Bridge.Abstractions.Attestation;
using Bridge.Spiffe.Id;

namespace Bridge.Abstractions.Registration;

/// <summary>
/// Stores registration entries. Every backend passes the registration-store conformance suite. Entries are validated
/// by the caller (the service, the CLI, a loader) before they are written; a store persists them faithfully.
/// </summary>
public interface IRegistrationStore
{
    /// <summary>
    /// Returns the entries under <paramref name="parentId"/> whose selectors are all contained in
    /// <paramref name="selectors"/>, ordered by entry id. Expiry is not applied here; callers filter by time.
    /// </summary>
    ValueTask<IReadOnlyList<RegistrationEntry>> FindMatchingAsync(
        SpiffeId parentId, IReadOnlyCollection<Selector> selectors, CancellationToken cancellationToken);

    /// <summary>
    /// Returns every entry under <paramref name="parentId"/>, whatever its selectors, ordered by entry id: what an agent
    /// or node set may serve. Served from the same view as <see cref="FindMatchingAsync"/>; expiry is not applied.
    /// </summary>
    ValueTask<IReadOnlyList<RegistrationEntry>> FindByParentAsync(SpiffeId parentId, CancellationToken cancellationToken);

    /// <summary>Returns the entry with <paramref name="id"/>, or null.</summary>
    ValueTask<RegistrationEntry?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Lists entries ordered by id, a page at a time. Page tokens are opaque.</summary>
    ValueTask<RegistrationEntryPage> ListAsync(string? pageToken, int pageSize, CancellationToken cancellationToken);

    /// <summary>Creates an entry; the stored copy has revision 1.</summary>
    ValueTask<RegistrationWriteResult> CreateAsync(RegistrationEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the entry with the same id when its stored revision equals <c>entry.Revision</c>; the stored copy
    /// gets the next revision. A mismatch returns <see cref="RegistrationWriteStatus.Conflict"/> and writes nothing.
    /// </summary>
    ValueTask<RegistrationWriteResult> UpdateAsync(RegistrationEntry entry, CancellationToken cancellationToken);

    /// <summary>Deletes the entry; when <paramref name="expectedRevision"/> is given it must match.</summary>
    ValueTask<RegistrationWriteResult> DeleteAsync(string id, long? expectedRevision, CancellationToken cancellationToken);
}
