using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Spiffe.Id;

using Bridge.Authority.Registration;

namespace Bridge.Authority.Local.Registration;

/// <summary>
/// Keeps registration entries in process memory: for tests and throw-away local runs. Thread-safe, with optimistic
/// concurrency through <see cref="RegistrationEntry.Revision"/> and opaque page tokens. Entries are stored as given;
/// validate them first (<see cref="RegistrationEntryValidator"/>).
/// </summary>
public sealed class InMemoryRegistrationStore : IRegistrationStore
{
    private readonly RegistrationEntryTable _table;

    /// <summary>Creates an empty store.</summary>
    public InMemoryRegistrationStore()
        : this([])
    {
    }

    /// <summary>Creates a store holding <paramref name="entries"/> with the revisions they carry.</summary>
    /// <exception cref="ArgumentException">Two entries share an id.</exception>
    public InMemoryRegistrationStore(IEnumerable<RegistrationEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        _table = new RegistrationEntryTable(entries, persist: null);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<RegistrationEntry>> FindMatchingAsync(
        SpiffeId parentId, IReadOnlyCollection<Selector> selectors, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_table.FindMatching(parentId, selectors));
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<RegistrationEntry>> FindByParentAsync(SpiffeId parentId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_table.FindByParent(parentId));
    }

    /// <inheritdoc/>
    public ValueTask<RegistrationEntry?> GetAsync(string id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_table.Get(id));
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> is not between 1 and 1000.</exception>
    /// <exception cref="ArgumentException"><paramref name="pageToken"/> is malformed.</exception>
    public ValueTask<RegistrationEntryPage> ListAsync(string? pageToken, int pageSize, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_table.List(pageToken, pageSize));
    }

    /// <inheritdoc/>
    public ValueTask<RegistrationWriteResult> CreateAsync(RegistrationEntry entry, CancellationToken cancellationToken) =>
        _table.CreateAsync(entry, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<RegistrationWriteResult> UpdateAsync(RegistrationEntry entry, CancellationToken cancellationToken) =>
        _table.UpdateAsync(entry, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<RegistrationWriteResult> DeleteAsync(string id, long? expectedRevision, CancellationToken cancellationToken) =>
        _table.DeleteAsync(id, expectedRevision, cancellationToken);
}
