using Bridge.Abstractions;
using Bridge.Abstractions.State;

namespace Bridge.Authority.Rotation.Engine;

/// <summary>
/// One rotation state document in the <see cref="IAuthorityStateStore"/>, and the compare-and-swap claim loop every
/// change to it goes through: read the state, decide the change, write it expecting the revision read, and on a lost
/// race read again and decide again — a bounded number of times, so that a livelock is reported as a busy backend
/// rather than spun on. Any number of instances may change the document at once: of those that read the same revision
/// exactly one write wins, and no lock service is needed.
/// </summary>
/// <typeparam name="TState">The decoded document.</typeparam>
/// <typeparam name="TCodec">Its wire format.</typeparam>
internal sealed class SlotStateStore<TState, TCodec>
    where TState : class
    where TCodec : ISlotStateCodec<TState>
{
    /// <summary>
    /// Decisions (each one read and at most one write) before contention is reported. A handful suffice for any state:
    /// every lost race means another writer made progress.
    /// </summary>
    public const int MaxAttempts = 16;

    private readonly IAuthorityStateStore _store;

    /// <summary>Binds the document <paramref name="documentName"/> of <paramref name="store"/>.</summary>
    /// <exception cref="ArgumentException">The name is not a valid state document name.</exception>
    public SlotStateStore(string documentName, IAuthorityStateStore store)
    {
        StateDocumentNames.ThrowIfInvalid(documentName);
        ArgumentNullException.ThrowIfNull(store);
        DocumentName = documentName;
        _store = store;
    }

    /// <summary>The state document's name.</summary>
    public string DocumentName { get; }

    /// <summary>Reads the document; an absent one is the codec's empty state at revision 0.</summary>
    public async Task<Versioned<TState>> ReadAsync(CancellationToken cancellationToken)
    {
        var stored = await _store.GetAsync(DocumentName, cancellationToken).ConfigureAwait(false);
        return stored is null
            ? new Versioned<TState>(TCodec.Empty, 0)
            : new Versioned<TState>(TCodec.Decode(stored.Content.Span, DocumentName), stored.Revision);
    }

    /// <summary>Writes <paramref name="state"/> if the stored revision is still <paramref name="expectedRevision"/>.</summary>
    /// <returns>The written state at its new revision; null when another writer won.</returns>
    public async Task<Versioned<TState>?> TryWriteAsync(TState state, long expectedRevision, CancellationToken cancellationToken)
    {
        var written = await _store.TryWriteAsync(DocumentName, TCodec.Encode(state), expectedRevision, cancellationToken).ConfigureAwait(false);
        return written is null ? null : new Versioned<TState>(state, written.Revision);
    }

    /// <summary>
    /// One compare-and-swap: writes <paramref name="state"/> over <paramref name="current"/>, or, when another writer
    /// won, returns what it wrote so the caller decides again.
    /// </summary>
    public async Task<(Versioned<TState> State, bool Written)> WriteOrRereadAsync(
        TState state, Versioned<TState> current, CancellationToken cancellationToken)
    {
        var written = await TryWriteAsync(state, current.Revision, cancellationToken).ConfigureAwait(false);
        return written is not null ? (written, true) : (await ReadAsync(cancellationToken).ConfigureAwait(false), false);
    }

    /// <summary>
    /// The claim loop: reads, lets <paramref name="decide"/> plan a change of what it read, and writes the change
    /// expecting the revision read; a lost race starts over with a fresh read. <paramref name="decide"/> must be free
    /// of side effects (it may run several times); act on <see cref="SlotUpdate{TState, TPlan}.Plan"/> once the write
    /// is in.
    /// </summary>
    /// <param name="decide">The state to write (null: nothing to change) and what the change means to the caller.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <param name="start">A state the caller read or wrote already, to decide on first instead of reading again.</param>
    /// <returns>The state written (or, when nothing was to change, the state read) with the winning decision.</returns>
    /// <exception cref="DependencyUnavailableException">Other writers won <see cref="MaxAttempts"/> times in a row.</exception>
    public async Task<SlotUpdate<TState, TPlan>> UpdateAsync<TPlan>(
        Func<Versioned<TState>, (TState? Next, TPlan Plan)> decide, CancellationToken cancellationToken, Versioned<TState>? start = null)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = attempt == 0 && start is not null ? start : await ReadAsync(cancellationToken).ConfigureAwait(false);
            var (next, plan) = decide(current);
            if (next is null)
            {
                return new SlotUpdate<TState, TPlan>(current, plan, Written: false);
            }

            if (await TryWriteAsync(next, current.Revision, cancellationToken).ConfigureAwait(false) is { } written)
            {
                return new SlotUpdate<TState, TPlan>(written, plan, Written: true);
            }
        }

        throw Contended();
    }

    /// <summary>
    /// Runs <paramref name="step"/> until it reports that nothing more is due (null), starting from
    /// <paramref name="current"/>. Each step takes one transition by <see cref="WriteOrRereadAsync"/> and returns the
    /// state to decide the next from; the bound stops a livelock, leaving the rest to the next run.
    /// </summary>
    public async Task<Versioned<TState>> RunStepsAsync(Versioned<TState> current, Func<Versioned<TState>, Task<Versioned<TState>?>> step)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await step(current).ConfigureAwait(false) is not { } next)
            {
                break;
            }

            current = next;
        }

        return current;
    }

    /// <summary>Too many lost compare-and-swaps in a row: other writers keep winning, so report a busy backend.</summary>
    public DependencyUnavailableException Contended() =>
        new($"State document '{DocumentName}' changed {MaxAttempts} times in a row during one update.");
}
