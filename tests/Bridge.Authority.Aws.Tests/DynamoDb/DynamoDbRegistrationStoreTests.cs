using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bridge.Abstractions;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Aws.DynamoDb;
using Bridge.Spiffe.Id;
using Bridge.Testing.Aws.DynamoDb;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.Tests.DynamoDb;

public sealed class DynamoDbRegistrationStoreTests(DynamoDbLocalFixture dynamoDb) : IAsyncLifetime
{
    private static readonly SpiffeId Parent = SpiffeId.Parse("spiffe://example.org/bridge/attestor/aws-sts");
    private readonly string _table = DynamoDbLocalFixture.NewTableName("entries");
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
    public async Task Update_StaleRevision_LeavesStoredItemByteForByte()
    {
        var store = CreateStore();
        var created = (await store.CreateAsync(Entry("web"), Ct)).Entry!;
        await store.UpdateAsync(created with { Hint = "first" }, Ct);
        var before = await RawItemAsync("web");

        var result = await store.UpdateAsync(created with { Hint = "second", DnsNames = ["x.example.org"] }, Ct);

        Assert.Equal(RegistrationWriteStatus.Conflict, result.Status);
        AssertSameItem(before, await RawItemAsync("web"));
    }

    [Fact]
    public async Task Delete_StaleRevision_LeavesStoredItemByteForByte()
    {
        var store = CreateStore();
        var created = (await store.CreateAsync(Entry("web"), Ct)).Entry!;
        await store.UpdateAsync(created, Ct);
        var before = await RawItemAsync("web");

        var result = await store.DeleteAsync("web", expectedRevision: 1, Ct);

        Assert.Equal(RegistrationWriteStatus.Conflict, result.Status);
        AssertSameItem(before, await RawItemAsync("web"));
    }

    [Fact]
    public async Task Delete_UnknownIdWithExpectedRevision_ReturnsNotFound()
    {
        var store = CreateStore();

        var result = await store.DeleteAsync("missing", expectedRevision: 3, Ct);

        Assert.Equal(RegistrationWriteStatus.NotFound, result.Status);
    }

    [Fact]
    public async Task Create_StoresDocumentedAttributes()
    {
        var store = CreateStore();
        await store.CreateAsync(Entry("web") with { X509SvidTtl = TimeSpan.FromSeconds(90.5), Hint = "h" }, Ct);

        var item = await RawItemAsync("web");

        Assert.Equal("entry", item["pk"].S);
        Assert.Equal("web", item["sk"].S);
        Assert.Equal(Parent.ToString(), item["parent_id"].S);
        Assert.Equal(["aws:account:123456789012"], item["selectors"].L.Select(v => v.S));
        Assert.Equal("90.5", item["x509_svid_ttl_s"].N);
        Assert.Equal("1", item["revision"].N);
        Assert.False(item.ContainsKey("expires_at"), "entries must never carry the replay TTL attribute");
        Assert.False(item.ContainsKey("jwt_svid_ttl_s"));
    }

    [Fact]
    public async Task Get_ForeignItemInEntryPartition_ThrowsInvalidData()
    {
        await _client.PutItemAsync(new PutItemRequest
        {
            TableName = _table,
            Item = new() { ["pk"] = new AttributeValue { S = "entry" }, ["sk"] = new AttributeValue { S = "web" } },
        }, Ct);

        await Assert.ThrowsAsync<InvalidDataException>(async () => await CreateStore().GetAsync("web", Ct));
    }

    [Theory]
    [InlineData("v1.d2Vi")]
    [InlineData("d1.")]
    [InlineData("d1.IUAj")]
    [InlineData("d1.====")]
    public async Task List_TokenOfAnotherFormatOrInvalidId_ThrowsArgumentException(string token)
    {
        var store = CreateStore();
        await store.CreateAsync(Entry("web"), Ct);

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.ListAsync(token, 10, Ct));
    }

    [Fact]
    public async Task List_PageExactlyFull_HasNoToken()
    {
        var store = CreateStore();
        await store.CreateAsync(Entry("a"), Ct);
        await store.CreateAsync(Entry("b"), Ct);

        var page = await store.ListAsync(null, pageSize: 2, Ct);

        Assert.Equal(["a", "b"], page.Entries.Select(e => e.Id));
        Assert.Null(page.NextPageToken);
    }

    [Fact]
    public async Task Get_InvalidId_ReturnsNullWithoutAsking()
    {
        // An unreachable endpoint proves no request was made.
        using var unreachable = DynamoDbLocalFixture.CreateClientFor(ClosedPortUrl(), maxErrorRetry: 0);
        var store = new DynamoDbRegistrationStore(unreachable, Options.Create(new DynamoDbRegistrationStoreOptions { TableName = _table }), TimeProvider.System);

        Assert.Null(await store.GetAsync("", Ct));
        Assert.Null(await store.GetAsync(new string('a', 129), Ct));
    }

    [Fact]
    public async Task Operations_DynamoDbUnreachable_ThrowDependencyUnavailable()
    {
        using var unreachable = DynamoDbLocalFixture.CreateClientFor(ClosedPortUrl(), maxErrorRetry: 0);
        var store = new DynamoDbRegistrationStore(unreachable, Options.Create(new DynamoDbRegistrationStoreOptions { TableName = _table }), TimeProvider.System);

        await Assert.ThrowsAsync<DependencyUnavailableException>(async () => await store.GetAsync("web", Ct));
        await Assert.ThrowsAsync<DependencyUnavailableException>(async () => await store.ListAsync(null, 10, Ct));
        await Assert.ThrowsAsync<DependencyUnavailableException>(
            async () => await store.FindMatchingAsync(Parent, [Selector.Parse("aws:account:123456789012")], Ct));
        await Assert.ThrowsAsync<DependencyUnavailableException>(async () => await store.CreateAsync(Entry("web"), Ct));
        await Assert.ThrowsAsync<DependencyUnavailableException>(async () => await store.UpdateAsync(Entry("web") with { Revision = 1 }, Ct));
        await Assert.ThrowsAsync<DependencyUnavailableException>(async () => await store.DeleteAsync("web", null, Ct));
    }

    [Fact]
    public async Task Get_MissingTable_ThrowsMisconfigurationNotUnavailable()
    {
        var store = new DynamoDbRegistrationStore(_client, Options.Create(new DynamoDbRegistrationStoreOptions { TableName = "no-such-table" }), TimeProvider.System);

        await Assert.ThrowsAsync<ResourceNotFoundException>(async () => await store.GetAsync("web", Ct));
    }

    [Fact]
    public async Task Get_CallerCancels_ThrowsOperationCanceledNotUnavailable()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await CreateStore().GetAsync("web", cancelled.Token));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsOptionsValidation()
    {
        var ex = Assert.Throws<OptionsValidationException>(
            () => new DynamoDbRegistrationStore(_client, Options.Create(new DynamoDbRegistrationStoreOptions { TableName = "a b" }), TimeProvider.System));

        Assert.Contains("TableName", ex.Message, StringComparison.Ordinal);
    }

    internal static Uri ClosedPortUrl()
    {
        // Bind and release a port: nothing listens there afterwards, so connections are refused at once.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }

    private static RegistrationEntry Entry(string id) => new()
    {
        Id = id,
        SpiffeId = $"spiffe://example.org/workload/{id}",
        ParentId = Parent,
        Selectors = [Selector.Parse("aws:account:123456789012")],
    };

    private static void AssertSameItem(Dictionary<string, AttributeValue> expected, Dictionary<string, AttributeValue> actual) =>
        Assert.Equal(Render(expected), Render(actual));

    private static string Render(Dictionary<string, AttributeValue> item) =>
        string.Join(";", item.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + Render(p.Value)));

    private static string Render(AttributeValue value) =>
        value.S ?? value.N ?? (value.L is { } list ? "[" + string.Join(",", list.Select(Render)) + "]" : "?");

    private DynamoDbRegistrationStore CreateStore() =>
        new(_client, Options.Create(new DynamoDbRegistrationStoreOptions { TableName = _table }), TimeProvider.System);

    private async Task<Dictionary<string, AttributeValue>> RawItemAsync(string id)
    {
        var response = await _client.GetItemAsync(new GetItemRequest
        {
            TableName = _table,
            Key = new() { ["pk"] = new AttributeValue { S = "entry" }, ["sk"] = new AttributeValue { S = id } },
            ConsistentRead = true,
        }, Ct);
        return response.Item;
    }
}
