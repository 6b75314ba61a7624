using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Local.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Testing.Registration;

/// <summary>
/// An in-memory registration store that tests wrap: every call goes to <see cref="Inner"/>; a test overrides the calls
/// it observes or breaks (count queries, throw a fault) and leaves the others as they are.
/// </summary>
public abstract class DelegatingRegistrationStore : IRegistrationStore
{
    /// <summary>The store every call reaches unless overridden.</summary>
    protected InMemoryRegistrationStore Inner { get; } = new();

    /// <inheritdoc/>
    public virtual ValueTask<IReadOnlyList<RegistrationEntry>> FindMatchingAsync(
        SpiffeId parentId, IReadOnlyCollection<Selector> selectors, CancellationToken cancellationToken) =>
        Inner.FindMatchingAsync(parentId, selectors, cancellationToken);

    /// <inheritdoc/>
    public virtual ValueTask<IReadOnlyList<RegistrationEntry>> FindByParentAsync(SpiffeId parentId, CancellationToken cancellationToken) =>
        Inner.FindByParentAsync(parentId, cancellationToken);

    /// <inheritdoc/>
    public virtual ValueTask<RegistrationEntry?> GetAsync(string id, CancellationToken cancellationToken) => Inner.GetAsync(id, cancellationToken);

    /// <inheritdoc/>
    public virtual ValueTask<RegistrationEntryPage> ListAsync(string? pageToken, int pageSize, CancellationToken cancellationToken) =>
        Inner.ListAsync(pageToken, pageSize, cancellationToken);

    /// <inheritdoc/>
    public virtual ValueTask<RegistrationWriteResult> CreateAsync(RegistrationEntry entry, CancellationToken cancellationToken) =>
        Inner.CreateAsync(entry, cancellationToken);

    /// <inheritdoc/>
    public virtual ValueTask<RegistrationWriteResult> UpdateAsync(RegistrationEntry entry, CancellationToken cancellationToken) =>
        Inner.UpdateAsync(entry, cancellationToken);

    /// <inheritdoc/>
    public virtual ValueTask<RegistrationWriteResult> DeleteAsync(string id, long? expectedRevision, CancellationToken cancellationToken) =>
        Inner.DeleteAsync(id, expectedRevision, cancellationToken);
}
