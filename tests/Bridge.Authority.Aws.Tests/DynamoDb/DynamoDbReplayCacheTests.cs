using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bridge.Abstractions;
using Bridge.Abstractions.Replay;
using Bridge.Authority.Aws.DynamoDb;
using Bridge.Testing.Aws.DynamoDb;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Authority.Aws.Tests.DynamoDb;

public sealed class DynamoDbReplayCacheTests(DynamoDbLocalFixture dynamoDb) : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly string _table = DynamoDbLocalFixture.NewTableName("replay");
    private readonly AmazonDynamoDBClient _client = dynamoDb.CreateClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        await dynamoDb.CreateTableAsync(DynamoDbTableSchema.CreateTableRequest(_table), Ct);

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task TryUse_ResponseLostAndSdkRetries_IsStillTheFirstUse()
    {
        var wire = new DynamoDbWireHandler();
        using var client = dynamoDb.CreateClient(wire: wire);
        wire.Inject(DynamoDbFault.LoseResponse, "PutItem", times: 1);
        var notAfter = _time.GetUtcNow().AddMinutes(5);

        var first = await CreateCache(client).TryUseAsync("lost", notAfter, ReplayPolicy.SingleUse, Ct);

        Assert.Equal(["PutItem", "PutItem"], wire.Requests);
        Assert.Equal(ReplayUseResult.Accepted, first);
        Assert.Equal(ReplayUseResult.AlreadyUsed, await CreateCache(_client).TryUseAsync("lost", notAfter, ReplayPolicy.SingleUse, Ct));
    }

    [Fact]
    public async Task TryUse_BoundedReuseCountResponseLostAndSdkRetries_CountsTheUseOnce()
    {
        var wire = new DynamoDbWireHandler();
        using var client = dynamoDb.CreateClient(wire: wire);
        var cache = CreateCache(client);
        var policy = ReplayPolicy.BoundedReuse(3);
        var notAfter = _time.GetUtcNow().AddMinutes(5);
        Assert.Equal(ReplayUseResult.Accepted, await cache.TryUseAsync("lost-count", notAfter, policy, Ct));
        wire.Inject(DynamoDbFault.LoseResponse, "UpdateItem", times: 1);

        var second = await cache.TryUseAsync("lost-count", notAfter, policy, Ct);

        Assert.Equal(ReplayUseResult.Accepted, second);
        Assert.Equal(["PutItem", "PutItem", "UpdateItem", "UpdateItem"], wire.Requests);

        // The retried UpdateItem landed once: exactly one use of three is left.
        Assert.Equal(ReplayUseResult.Accepted, await CreateCache(_client).TryUseAsync("lost-count", notAfter, policy, Ct));
        Assert.Equal(ReplayUseResult.AlreadyUsed, await CreateCache(_client).TryUseAsync("lost-count", notAfter, policy, Ct));
    }

    [Fact]
    public async Task TryUse_WritesRecordWithTtlRoundedUp()
    {
        var cache = CreateCache(_client);
        var notAfter = _time.GetUtcNow().AddSeconds(90.25);

        await cache.TryUseAsync("key", notAfter, ReplayPolicy.SingleUse, Ct);

        var item = (await _client.GetItemAsync(new GetItemRequest
        {
            TableName = _table,
            Key = new() { ["pk"] = new AttributeValue { S = "replay#key" }, ["sk"] = new AttributeValue { S = "replay" } },
            ConsistentRead = true,
        }, Ct)).Item;
        Assert.Equal((_time.GetUtcNow().ToUnixTimeSeconds() + 91).ToString(System.Globalization.CultureInfo.InvariantCulture), item["expires_at"].N);
    }

    [Fact]
    public async Task TryUse_FractionalNotAfter_NotReusableBeforeIt()
    {
        var cache = CreateCache(_client);
        var notAfter = _time.GetUtcNow().AddSeconds(10.5);
        await cache.TryUseAsync("key", notAfter, ReplayPolicy.SingleUse, Ct);

        _time.Advance(TimeSpan.FromSeconds(10.4));
        Assert.Equal(ReplayUseResult.AlreadyUsed, await cache.TryUseAsync("key", notAfter.AddMinutes(1), ReplayPolicy.SingleUse, Ct));

        _time.Advance(TimeSpan.FromSeconds(0.6));
        Assert.Equal(ReplayUseResult.Accepted, await cache.TryUseAsync("key", notAfter.AddMinutes(1), ReplayPolicy.SingleUse, Ct));
    }

    [Fact]
    public async Task TryUse_NotAfterPassed_WritesNothing()
    {
        // An unreachable endpoint proves no request was made.
        using var unreachable = DynamoDbLocalFixture.CreateClientFor(DynamoDbRegistrationStoreTests.ClosedPortUrl(), maxErrorRetry: 0);

        Assert.Equal(ReplayUseResult.AlreadyUsed, await CreateCache(unreachable).TryUseAsync("key", _time.GetUtcNow(), ReplayPolicy.SingleUse, Ct));
    }

    [Fact]
    public async Task TryUse_DynamoDbUnreachable_ThrowsDependencyUnavailable()
    {
        using var unreachable = DynamoDbLocalFixture.CreateClientFor(DynamoDbRegistrationStoreTests.ClosedPortUrl(), maxErrorRetry: 0);

        var ex = await Assert.ThrowsAsync<DependencyUnavailableException>(
            async () => await CreateCache(unreachable).TryUseAsync("secret-key", _time.GetUtcNow().AddMinutes(5), ReplayPolicy.SingleUse, Ct));
        Assert.DoesNotContain("secret-key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryUse_MissingTable_ThrowsMisconfigurationNotUnavailable()
    {
        var cache = new DynamoDbReplayCache(_client, Options.Create(new DynamoDbReplayCacheOptions { TableName = "no-such-table" }), _time);

        await Assert.ThrowsAsync<ResourceNotFoundException>(async () => await cache.TryUseAsync("k", _time.GetUtcNow().AddMinutes(1), ReplayPolicy.SingleUse, Ct));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsOptionsValidation()
    {
        Assert.Throws<OptionsValidationException>(
            () => new DynamoDbReplayCache(_client, Options.Create(new DynamoDbReplayCacheOptions()), _time));
    }

    private DynamoDbReplayCache CreateCache(IAmazonDynamoDB client) =>
        new(client, Options.Create(new DynamoDbReplayCacheOptions { TableName = _table }), _time);
}
