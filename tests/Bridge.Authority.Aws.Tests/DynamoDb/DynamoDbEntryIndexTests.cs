using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bridge.Abstractions;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Abstractions.Replay;
using Bridge.Authority.Aws.DynamoDb;
using Bridge.Spiffe.Id;
using Bridge.Testing.Aws.DynamoDb;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Authority.Aws.Tests.DynamoDb;

/// <summary>The warm-path entry index of <see cref="DynamoDbRegistrationStore"/>, counted request by request.</summary>
public sealed class DynamoDbEntryIndexTests(DynamoDbLocalFixture dynamoDb) : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private static readonly SpiffeId Parent = SpiffeId.Parse("spiffe://example.org/bridge/attestor/aws-sts");
    private static readonly Selector Account = Selector.Parse("aws:account:123456789012");
    private readonly string _table = DynamoDbLocalFixture.NewTableName("index");
    private readonly AmazonDynamoDBClient _client = dynamoDb.CreateClient(maxErrorRetry: 0);
    private readonly FakeTimeProvider _time = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        await dynamoDb.CreateTableAsync(DynamoDbTableSchema.CreateTableRequest(_table), Ct);

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task FindMatching_Cold_ReadsRevisionThenEntriesOnce()
    {
        await Other().CreateAsync(Entry("web"), Ct);
        var (store, counter) = Counted();

        var found = await store.FindMatchingAsync(Parent, [Account], Ct);

        Assert.Equal(["web"], found.Select(e => e.Id));
        Assert.Equal(["GetItem", "Query"], counter.Calls);
    }

    [Fact]
    public async Task FindMatching_WarmWithinInterval_MakesNoCalls()
    {
        await Other().CreateAsync(Entry("web"), Ct);
        var (store, counter) = Counted();
        await store.FindMatchingAsync(Parent, [Account], Ct);
        counter.Reset();

        _time.Advance(Interval - TimeSpan.FromTicks(1));
        for (var i = 0; i < 100; i++)
        {
            Assert.Single(await store.FindMatchingAsync(Parent, [Account], Ct));
        }

        Assert.Empty(counter.Calls);
    }

    [Fact]
    public async Task FindMatching_AfterIntervalNothingChanged_MakesOneGetItemOnly()
    {
        await Other().CreateAsync(Entry("web"), Ct);
        var (store, counter) = Counted();
        await store.FindMatchingAsync(Parent, [Account], Ct);
        counter.Reset();

        _time.Advance(Interval);
        await store.FindMatchingAsync(Parent, [Account], Ct);
        await store.FindMatchingAsync(Parent, [Account], Ct);

        Assert.Equal(["GetItem"], counter.Calls);
    }

    [Fact]
    public async Task FindMatching_ChangeByAnotherInstance_VisibleOnlyAfterInterval()
    {
        var other = Other();
        var created = (await other.CreateAsync(Entry("web"), Ct)).Entry!;
        var (store, counter) = Counted();
        await store.FindMatchingAsync(Parent, [Account], Ct);

        await other.UpdateAsync(created with { Hint = "changed" }, Ct);
        await other.CreateAsync(Entry("api"), Ct);
        _time.Advance(Interval - TimeSpan.FromTicks(1));
        var before = await store.FindMatchingAsync(Parent, [Account], Ct);
        counter.Reset();
        _time.Advance(TimeSpan.FromTicks(1));
        var after = await store.FindMatchingAsync(Parent, [Account], Ct);

        Assert.Equal(["web"], before.Select(e => e.Id));
        Assert.Null(before[0].Hint);
        Assert.Equal(["api", "web"], after.Select(e => e.Id).Order(StringComparer.Ordinal));
        Assert.Equal("changed", after.Single(e => e.Id == "web").Hint);
        Assert.Equal(["GetItem", "Query"], counter.Calls);
    }

    [Fact]
    public async Task FindMatching_DeleteByAnotherInstance_GoneAfterInterval()
    {
        var other = Other();
        await other.CreateAsync(Entry("web"), Ct);
        var (store, _) = Counted();
        await store.FindMatchingAsync(Parent, [Account], Ct);

        await other.DeleteAsync("web", expectedRevision: null, Ct);
        _time.Advance(Interval);

        Assert.Empty(await store.FindMatchingAsync(Parent, [Account], Ct));
    }

    [Fact]
    public async Task FindMatching_AfterWriteThroughSameInstance_SeesItAtOnce()
    {
        var (store, _) = Counted();
        Assert.Empty(await store.FindMatchingAsync(Parent, [Account], Ct));

        await store.CreateAsync(Entry("web"), Ct);

        Assert.Single(await store.FindMatchingAsync(Parent, [Account], Ct));
    }

    [Fact]
    public async Task FindMatching_ZeroInterval_ChecksOnEveryCall()
    {
        await Other().CreateAsync(Entry("web"), Ct);
        var (store, counter) = Counted(TimeSpan.Zero);
        await store.FindMatchingAsync(Parent, [Account], Ct);
        counter.Reset();

        await store.FindMatchingAsync(Parent, [Account], Ct);
        await store.FindMatchingAsync(Parent, [Account], Ct);

        Assert.Equal(["GetItem", "GetItem"], counter.Calls);
    }

    [Fact]
    public async Task FindMatching_CheckFails_ServesSnapshotUntilFiveIntervalsThenFailsClosed()
    {
        await Other().CreateAsync(Entry("web"), Ct);
        var (store, counter) = Counted();
        await store.FindMatchingAsync(Parent, [Account], Ct);
        counter.FailWith = new HttpRequestException("connection refused");

        _time.Advance(Interval * 5 - TimeSpan.FromTicks(1));
        Assert.Single(await store.FindMatchingAsync(Parent, [Account], Ct));
        _time.Advance(TimeSpan.FromTicks(1));
        await Assert.ThrowsAsync<DependencyUnavailableException>(
            async () => await store.FindMatchingAsync(Parent, [Account], Ct));

        counter.FailWith = null;
        Assert.Single(await store.FindMatchingAsync(Parent, [Account], Ct));
    }

    [Fact]
    public async Task FindMatching_ColdAndUnreachable_ThrowsDependencyUnavailable()
    {
        var (store, counter) = Counted();
        counter.FailWith = new HttpRequestException("connection refused");

        await Assert.ThrowsAsync<DependencyUnavailableException>(
            async () => await store.FindMatchingAsync(Parent, [Account], Ct));
    }

    [Fact]
    public async Task FindMatching_WhileAnotherCallerChecks_ServesPreviousSnapshotWithoutWaiting()
    {
        await Other().CreateAsync(Entry("web"), Ct);
        var (store, counter) = Counted();
        await store.FindMatchingAsync(Parent, [Account], Ct);
        _time.Advance(Interval);
        using var hold = new ManualResetEventSlim();
        counter.Hold = hold;
        counter.Reset();

        var checking = Task.Run(async () => await store.FindMatchingAsync(Parent, [Account], Ct), Ct);
        counter.Entered.Wait(Ct);
        var served = await store.FindMatchingAsync(Parent, [Account], Ct);
        hold.Set();
        await checking;

        Assert.Single(served);
        Assert.Equal(["GetItem"], counter.Calls);
    }

    [Fact]
    public async Task Writes_BumpTableRevisionOnlyWhenTheyLand()
    {
        var store = Other();
        var created = (await store.CreateAsync(Entry("web"), Ct)).Entry!;
        await store.UpdateAsync(created, Ct);
        await store.UpdateAsync(created, Ct); // stale: conflict
        await store.CreateAsync(Entry("web"), Ct); // duplicate
        await store.DeleteAsync("web", expectedRevision: 2, Ct);
        await store.DeleteAsync("web", expectedRevision: null, Ct); // gone

        var revision = await _client.GetItemAsync(new GetItemRequest
        {
            TableName = _table,
            Key = new() { ["pk"] = new AttributeValue { S = "entry-meta" }, ["sk"] = new AttributeValue { S = "revision" } },
            ConsistentRead = true,
        }, Ct);

        Assert.Equal("3", revision.Item["revision"].N);
        Assert.Empty((await store.ListAsync(null, 10, Ct)).Entries);
    }

    [Fact]
    public async Task WarmExchange_BackendCalls_AreOnlyTheReplayWrite()
    {
        // What ExchangeService asks of its backends per exchange: one match, one replay use (docs/benchmarks.md).
        await Other().CreateAsync(Entry("web"), Ct);
        var (client, counter) = CountingDynamoDbProxy.Wrap(_client);
        var store = new DynamoDbRegistrationStore(
            client, Options.Create(new DynamoDbRegistrationStoreOptions { TableName = _table, IndexRefreshInterval = Interval }), _time);
        var replay = new DynamoDbReplayCache(client, Options.Create(new DynamoDbReplayCacheOptions { TableName = _table }), _time);
        await store.FindMatchingAsync(Parent, [Account], Ct);
        await replay.TryUseAsync("cold", _time.GetUtcNow().AddMinutes(5), ReplayPolicy.SingleUse, Ct);
        counter.Reset();

        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.Single(await store.FindMatchingAsync(Parent, [Account], Ct));
            Assert.Equal(ReplayUseResult.Accepted, await replay.TryUseAsync($"token-{i}", _time.GetUtcNow().AddMinutes(5), ReplayPolicy.SingleUse, Ct));
        }

        Assert.Equal(Enumerable.Repeat("PutItem", 10), counter.Calls);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(301)]
    public void Constructor_RefreshIntervalOutOfRange_ThrowsOptionsValidation(int seconds)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => new DynamoDbRegistrationStore(
            _client,
            Options.Create(new DynamoDbRegistrationStoreOptions { TableName = _table, IndexRefreshInterval = TimeSpan.FromSeconds(seconds) }),
            _time));

        Assert.Contains("IndexRefreshInterval", ex.Message, StringComparison.Ordinal);
    }

    private (DynamoDbRegistrationStore Store, CountingDynamoDbProxy Counter) Counted(TimeSpan? interval = null)
    {
        var (client, counter) = CountingDynamoDbProxy.Wrap(_client);
        var options = new DynamoDbRegistrationStoreOptions { TableName = _table, IndexRefreshInterval = interval ?? Interval };
        return (new DynamoDbRegistrationStore(client, Options.Create(options), _time), counter);
    }

    // Another instance of the exchange or the `bridge entry` tool: its own store over the same table.
    private DynamoDbRegistrationStore Other() =>
        new(_client, Options.Create(new DynamoDbRegistrationStoreOptions { TableName = _table }), TimeProvider.System);

    private static RegistrationEntry Entry(string id) => new()
    {
        Id = id,
        SpiffeId = $"spiffe://example.org/workload/{id}",
        ParentId = Parent,
        Selectors = [Account],
    };
}
