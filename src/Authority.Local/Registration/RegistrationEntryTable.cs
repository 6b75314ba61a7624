using System.Collections.Immutable;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Paging;
using Bridge.Authority.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Local.Registration;

/// <summary>
/// The state and write rules shared by the local registration stores. Readers see an immutable snapshot without
/// locking; writers take turns, build the next snapshot, let the owner persist it, and only then publish it, so a
/// failed persist leaves the table unchanged.
/// </summary>
internal sealed class RegistrationEntryTable
{
    public const int MaxPageSize = 1000;

    public delegate ValueTask PersistCallback(ImmutableSortedDictionary<string, RegistrationEntry> next, CancellationToken cancellationToken);

    private static readonly PageTokenCodec PageTokens = new("v1.", RegistrationEntryValidator.IsValidId);

    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly PersistCallback? _persist;
    private volatile ImmutableSortedDictionary<string, RegistrationEntry> _entries;

    public RegistrationEntryTable(IEnumerable<RegistrationEntry> initial, PersistCallback? persist)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, RegistrationEntry>(StringComparer.Ordinal);
        foreach (var entry in initial)
        {
            builder.Add(entry.Id, Snapshot(entry, entry.Revision));
        }

        _entries = builder.ToImmutable();
        _persist = persist;
    }

    public ImmutableSortedDictionary<string, RegistrationEntry> Entries => _entries;

    // The store reads, shaped as IRegistrationStore's: both table-backed stores forward them unchanged.
    public ValueTask<IReadOnlyList<RegistrationEntry>> FindMatchingAsync(
        SpiffeId parentId, IReadOnlyCollection<Selector> selectors, CancellationToken cancellationToken) =>
        Read(() => FindMatching(parentId, selectors), cancellationToken);

    public ValueTask<IReadOnlyList<RegistrationEntry>> FindByParentAsync(SpiffeId parentId, CancellationToken cancellationToken) =>
        Read(() => FindByParent(parentId), cancellationToken);

    public ValueTask<RegistrationEntry?> GetAsync(string id, CancellationToken cancellationToken) =>
        Read(() => Get(id), cancellationToken);

    public ValueTask<RegistrationEntryPage> ListAsync(string? pageToken, int pageSize, CancellationToken cancellationToken) =>
        Read(() => List(pageToken, pageSize), cancellationToken);

    public IReadOnlyList<RegistrationEntry> FindMatching(SpiffeId parentId, IReadOnlyCollection<Selector> selectors) =>
        EntryMatcher.MatchIgnoringExpiry(_entries.Values, parentId, selectors);

    public IReadOnlyList<RegistrationEntry> FindByParent(SpiffeId parentId) =>
        parentId.IsZero ? [] : [.. _entries.Values.Where(e => e.ParentId == parentId)];

    public RegistrationEntry? Get(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _entries.GetValueOrDefault(id);
    }

    public RegistrationEntryPage List(string? pageToken, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        var after = string.IsNullOrEmpty(pageToken) ? null : PageTokens.Decode(pageToken);
        var page = new List<RegistrationEntry>(Math.Min(pageSize, _entries.Count));
        var more = false;
        foreach (var (id, entry) in _entries)
        {
            if (after is not null && string.CompareOrdinal(id, after) <= 0)
            {
                continue;
            }

            if (page.Count == pageSize)
            {
                more = true;
                break;
            }

            page.Add(entry);
        }

        return new RegistrationEntryPage(page, more ? PageTokens.Encode(page[^1].Id) : null);
    }

    private static ValueTask<T> Read<T>(Func<T> read, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(read());
    }

    public ValueTask<RegistrationWriteResult> CreateAsync(RegistrationEntry entry, CancellationToken cancellationToken)
    {
        RequireId(entry);
        return WriteAsync(
            current => current.ContainsKey(entry.Id)
                ? (null, RegistrationWriteStatus.AlreadyExists, null)
                : (current.Add(entry.Id, Snapshot(entry, 1)), RegistrationWriteStatus.Succeeded, entry.Id),
            cancellationToken);
    }

    public ValueTask<RegistrationWriteResult> UpdateAsync(RegistrationEntry entry, CancellationToken cancellationToken)
    {
        RequireId(entry);
        return WriteAsync(
            current =>
            {
                if (!current.TryGetValue(entry.Id, out var stored))
                {
                    return (null, RegistrationWriteStatus.NotFound, null);
                }

                return stored.Revision != entry.Revision
                    ? (null, RegistrationWriteStatus.Conflict, null)
                    : (current.SetItem(entry.Id, Snapshot(entry, stored.Revision + 1)), RegistrationWriteStatus.Succeeded, entry.Id);
            },
            cancellationToken);
    }

    public ValueTask<RegistrationWriteResult> DeleteAsync(string id, long? expectedRevision, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return WriteAsync(
            current =>
            {
                if (!current.TryGetValue(id, out var stored))
                {
                    return (null, RegistrationWriteStatus.NotFound, null);
                }

                return expectedRevision is { } expected && stored.Revision != expected
                    ? (null, RegistrationWriteStatus.Conflict, null)
                    : (current.Remove(id), RegistrationWriteStatus.Succeeded, null);
            },
            cancellationToken);
    }

    private async ValueTask<RegistrationWriteResult> WriteAsync(
        Func<ImmutableSortedDictionary<string, RegistrationEntry>,
            (ImmutableSortedDictionary<string, RegistrationEntry>? Next, RegistrationWriteStatus Status, string? WrittenId)> change,
        CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (next, status, writtenId) = change(_entries);
            if (next is null)
            {
                return new RegistrationWriteResult(status);
            }

            if (_persist is not null)
            {
                await _persist(next, cancellationToken).ConfigureAwait(false);
            }

            _entries = next;
            return new RegistrationWriteResult(status, writtenId is null ? null : next[writtenId]);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private static void RequireId(RegistrationEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrEmpty(entry.Id, nameof(entry));
    }

    // Copies the lists so that a caller mutating the arrays it passed in cannot change what is stored.
    private static RegistrationEntry Snapshot(RegistrationEntry entry, long revision) =>
        entry with
        {
            Selectors = [.. entry.Selectors ?? []],
            Audiences = [.. entry.Audiences ?? []],
            DnsNames = [.. entry.DnsNames ?? []],
            Revision = revision,
        };
}
