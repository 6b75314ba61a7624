using System.Collections;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Testing.Registration;
using Bridge.Authority.Local.Registration;
using Bridge.Authority.Registration;
using Bridge.Spiffe.Id;

namespace Bridge.Authority.Tests.Exchange;

/// <summary>
/// Registration matching runs once per exchange: the store's <see cref="IRegistrationStore.FindMatchingAsync"/> (every
/// backend matches with <see cref="EntryMatcher"/>, held to it by the conformance suite) decides which entries apply,
/// and the exchange adds only what stores leave to callers, expiry and the SPIFFE ID template.
/// </summary>
public sealed class ExchangeServiceMatchingTests
{
    [Fact]
    public async Task ExchangeAsync_TheStoresMatch_IsNotMatchedAgain()
    {
        var store = new ObservedStore();
        var fixture = await new ExchangeFixture(store: store).InitializeAsync();
        await fixture.RegisterAsync("payments", "spiffe://example.org/payments", ["aws:account:111122223333", "aws:role:payments"]);

        var result = await fixture.ExchangeJwtAsync("svc");

        Assert.True(result.Succeeded);
        Assert.Equal("payments", result.EntryId);
        Assert.Equal(1, store.Queries);
        // Reading an answered entry's selectors again would be a second match of the caller against it.
        Assert.Equal(0, store.SelectorReadsAfterAnswer);
    }

    [Fact]
    public async Task ExchangeAsync_ExpiredEntryInTheStoresAnswer_IsStillRefused()
    {
        var store = new ObservedStore();
        var fixture = await new ExchangeFixture(store: store).InitializeAsync();
        await fixture.RegisterAsync(
            "payments", "spiffe://example.org/payments", ["aws:account:111122223333", "aws:role:payments"], expiresAt: fixture.Time.GetUtcNow());

        var result = await fixture.ExchangeJwtAsync("svc");

        Assert.Equal(Bridge.Authority.Exchange.ExchangeFailureKind.NotRegistered, result.Failure);
        Assert.Equal(1, store.Queries);
    }

    /// <summary>The in-memory store, answering with entries whose selector lists count every read made after the answer.</summary>
    private sealed class ObservedStore : DelegatingRegistrationStore
    {
        private int _selectorReads;

        public int Queries { get; private set; }

        public int SelectorReadsAfterAnswer => _selectorReads;

        public override async ValueTask<IReadOnlyList<RegistrationEntry>> FindMatchingAsync(
            SpiffeId parentId, IReadOnlyCollection<Selector> selectors, CancellationToken cancellationToken)
        {
            Queries++;
            var matches = await Inner.FindMatchingAsync(parentId, selectors, cancellationToken);
            return [.. matches.Select(e => e with { Selectors = new CountedList(e.Selectors, () => Interlocked.Increment(ref _selectorReads)) })];
        }
    }

    private sealed class CountedList(IReadOnlyList<Selector> inner, Action read) : IReadOnlyList<Selector>
    {
        public int Count
        {
            get
            {
                read();
                return inner.Count;
            }
        }

        public Selector this[int index]
        {
            get
            {
                read();
                return inner[index];
            }
        }

        public IEnumerator<Selector> GetEnumerator()
        {
            read();
            return inner.GetEnumerator();
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
