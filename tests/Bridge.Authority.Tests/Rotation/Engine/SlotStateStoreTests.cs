using Bridge.Abstractions;
using Bridge.Abstractions.State;
using Bridge.Authority.Local.State;
using Bridge.Authority.Rotation.Engine;
using Bridge.Authority.Tests.Rotation;

namespace Bridge.Authority.Tests.Rotation.Engine;

/// <summary>The compare-and-swap claim loop every rotation change goes through.</summary>
public sealed class SlotStateStoreTests
{
    private const string Name = "engine-test";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UpdateAsync_ConcurrentWritersWithConflicts_EveryChangeLandsExactlyOnce()
    {
        // The counting store yields on every call, so the writers interleave and most of them lose races.
        var store = new CountingStateStore(new InMemoryAuthorityStateStore());
        var slots = new SlotStateStore<ListState, ListStateCodec>(Name, store);
        var decisions = 0;

        var updates = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => slots.UpdateAsync(
            current =>
            {
                Interlocked.Increment(ref decisions);
                return (current.State.Add($"writer-{i}"), current.Revision);
            },
            Ct))));

        var final = await slots.ReadAsync(Ct);
        Assert.Equal(8, final.Revision);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"writer-{i}").Order(), final.State.Items.Order());
        Assert.All(updates, u => Assert.True(u.Written));
        // Each write was decided on the revision it replaced, so the revisions read are all different.
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (long)i), updates.Select(u => u.Plan).Order());
        Assert.True(Volatile.Read(ref decisions) >= 8);
    }

    [Fact]
    public async Task UpdateAsync_AnotherWriterWinsEveryRace_ReportsContentionAfterMaxAttempts()
    {
        var inner = new InMemoryAuthorityStateStore();
        var slots = new SlotStateStore<ListState, ListStateCodec>(Name, new AlwaysRacedStore(inner));
        var decisions = 0;

        var error = await Assert.ThrowsAsync<DependencyUnavailableException>(() => slots.UpdateAsync(
            current =>
            {
                decisions++;
                return (current.State.Add("mine"), 0);
            },
            Ct));

        Assert.Contains(Name, error.Message, StringComparison.Ordinal);
        Assert.Equal(SlotStateStore<ListState, ListStateCodec>.MaxAttempts, decisions);
        var stored = await new SlotStateStore<ListState, ListStateCodec>(Name, inner).ReadAsync(Ct);
        Assert.DoesNotContain("mine", stored.State.Items);
    }

    [Fact]
    public async Task UpdateAsync_DecisionAfterALostRace_SeesWhatTheWinnerWrote()
    {
        var inner = new InMemoryAuthorityStateStore();
        var raced = new AlwaysRacedStore(inner) { Races = 1 };
        var slots = new SlotStateStore<ListState, ListStateCodec>(Name, raced);
        var seen = new List<IReadOnlyList<string>>();

        var update = await slots.UpdateAsync(
            current =>
            {
                seen.Add(current.State.Items);
                return (current.State.Add("mine"), 0);
            },
            Ct);

        Assert.True(update.Written);
        Assert.Equal([[], ["other-1"]], seen);
        Assert.Equal(["other-1", "mine"], update.Current.State.Items);
        Assert.Equal(2, update.Current.Revision);
    }

    [Fact]
    public async Task UpdateAsync_NothingToChange_ReadsOnceAndWritesNothing()
    {
        var store = new CountingStateStore(new InMemoryAuthorityStateStore());
        var slots = new SlotStateStore<ListState, ListStateCodec>(Name, store);

        var update = await slots.UpdateAsync(_ => ((ListState?)null, "nothing due"), Ct);

        Assert.False(update.Written);
        Assert.Equal("nothing due", update.Plan);
        Assert.Equal(0, update.Current.Revision);
        Assert.Equal(1, store.Reads);
        Assert.Null(await store.GetAsync(Name, Ct));
    }

    [Fact]
    public async Task UpdateAsync_WithStartState_DecidesOnItBeforeReading()
    {
        var store = new CountingStateStore(new InMemoryAuthorityStateStore());
        var slots = new SlotStateStore<ListState, ListStateCodec>(Name, store);
        var written = (await slots.TryWriteAsync(new ListState(["a"]), 0, Ct))!;
        var reads = store.Reads;

        var update = await slots.UpdateAsync(current => (current.State.Add("b"), 0), Ct, start: written);

        Assert.Equal(["a", "b"], update.Current.State.Items);
        Assert.Equal(reads, store.Reads);
    }

    [Fact]
    public async Task RunStepsAsync_StepNeverDone_StopsAfterMaxAttempts()
    {
        var slots = new SlotStateStore<ListState, ListStateCodec>(Name, new InMemoryAuthorityStateStore());
        var steps = 0;

        var end = await slots.RunStepsAsync(
            new Versioned<ListState>(ListStateCodec.Empty, 0),
            current =>
            {
                steps++;
                return Task.FromResult<Versioned<ListState>?>(current with { State = current.State.Add($"{steps}") });
            });

        Assert.Equal(SlotStateStore<ListState, ListStateCodec>.MaxAttempts, steps);
        Assert.Equal(steps, end.State.Items.Count);
    }

    [Fact]
    public async Task WriteOrRereadAsync_LostRace_ReturnsTheWinnersState()
    {
        var inner = new InMemoryAuthorityStateStore();
        var slots = new SlotStateStore<ListState, ListStateCodec>(Name, new AlwaysRacedStore(inner) { Races = 1 });
        var start = await slots.ReadAsync(Ct);

        var (state, written) = await slots.WriteOrRereadAsync(start.State.Add("mine"), start, Ct);

        Assert.False(written);
        Assert.Equal(["other-1"], state.State.Items);
        Assert.Equal(1, state.Revision);
    }

    [Fact]
    public async Task ReadAsync_DocumentOfAnotherShape_IsRefusedAndNotOverwritten()
    {
        var inner = new InMemoryAuthorityStateStore();
        await inner.TryWriteAsync(Name, "not a list"u8.ToArray(), 0, Ct);
        var slots = new SlotStateStore<ListState, ListStateCodec>(Name, inner);

        await Assert.ThrowsAsync<InvalidDataException>(() => slots.UpdateAsync(c => (c.State.Add("x"), 0), Ct));

        Assert.Equal(1, (await inner.GetAsync(Name, Ct))!.Revision);
    }

    /// <summary>Before each of the first <see cref="Races"/> writes, another writer changes the document first.</summary>
    private sealed class AlwaysRacedStore(IAuthorityStateStore inner) : IAuthorityStateStore
    {
        private int _raced;

        public int Races { get; init; } = int.MaxValue;

        public Task<StateDocument?> GetAsync(string name, CancellationToken cancellationToken) => inner.GetAsync(name, cancellationToken);

        public async Task<StateDocument?> TryWriteAsync(string name, ReadOnlyMemory<byte> content, long expectedRevision, CancellationToken cancellationToken)
        {
            if (_raced < Races)
            {
                _raced++;
                var current = await inner.GetAsync(name, cancellationToken);
                var state = current is null ? ListStateCodec.Empty : ListStateCodec.Decode(current.Content.Span, name);
                await inner.TryWriteAsync(name, ListStateCodec.Encode(state.Add($"other-{_raced}")), current?.Revision ?? 0, cancellationToken);
            }

            return await inner.TryWriteAsync(name, content, expectedRevision, cancellationToken);
        }
    }
}
