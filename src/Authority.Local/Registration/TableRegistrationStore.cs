using System.Collections.Immutable;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Local.Registration;

/// <summary>
/// A registration store over one in-process table of entries (optimistic concurrency through
/// <see cref="RegistrationEntry.Revision"/>, opaque page tokens): what the in-memory and the JSON file stores share.
/// A store that persists overrides <see cref="PersistAsync"/>, which runs under the table's write lock for every change.
/// </summary>
public abstract class TableRegistrationStore : IRegistrationStore
{
    private readonly RegistrationEntryTable _table;

    private protected TableRegistrationStore(IEnumerable<RegistrationEntry> entries, bool persists)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _table = new RegistrationEntryTable(entries, persists ? PersistAsync : null);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<RegistrationEntry>> FindMatchingAsync(
        SpiffeId parentId, IReadOnlyCollection<Selector> selectors, CancellationToken cancellationToken) =>
        _table.FindMatchingAsync(parentId, selectors, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<RegistrationEntry>> FindByParentAsync(SpiffeId parentId, CancellationToken cancellationToken) =>
        _table.FindByParentAsync(parentId, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<RegistrationEntry?> GetAsync(string id, CancellationToken cancellationToken) =>
        _table.GetAsync(id, cancellationToken);

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> is not between 1 and 1000.</exception>
    /// <exception cref="ArgumentException"><paramref name="pageToken"/> is malformed.</exception>
    public ValueTask<RegistrationEntryPage> ListAsync(string? pageToken, int pageSize, CancellationToken cancellationToken) =>
        _table.ListAsync(pageToken, pageSize, cancellationToken);

    /// <inheritdoc/>
    public virtual ValueTask<RegistrationWriteResult> CreateAsync(RegistrationEntry entry, CancellationToken cancellationToken) =>
        _table.CreateAsync(entry, cancellationToken);

    /// <inheritdoc/>
    public virtual ValueTask<RegistrationWriteResult> UpdateAsync(RegistrationEntry entry, CancellationToken cancellationToken) =>
        _table.UpdateAsync(entry, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<RegistrationWriteResult> DeleteAsync(string id, long? expectedRevision, CancellationToken cancellationToken) =>
        _table.DeleteAsync(id, expectedRevision, cancellationToken);

    /// <summary>Writes <paramref name="entries"/>, the table after a change, before the change is visible.</summary>
    private protected virtual ValueTask PersistAsync(ImmutableSortedDictionary<string, RegistrationEntry> entries, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;
}
