using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bridge.Abstractions.Attestation;
using Bridge.Abstractions.Registration;
using Bridge.Authority.Hosting;
using Bridge.Authority.Paging;
using Bridge.Authority.Registration;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>
/// Registration entries in DynamoDB (table design in docs/dynamodb.md). Every entry lives in one partition sorted by
/// id, so reads and listings are strongly consistent and ordered. Matching serves from an in-memory index of every
/// entry, reloaded only when the table revision (bumped in the same transaction as every entry write) changed, checked
/// at most every <see cref="DynamoDbRegistrationStoreOptions.IndexRefreshInterval"/>; writes through this instance are
/// seen at once. Writes are conditional on the stored revision. Entries are stored as given; validate them first
/// (<see cref="RegistrationEntryValidator"/>). Outages surface as <see cref="Bridge.Abstractions.DependencyUnavailableException"/>.
/// </summary>
public sealed partial class DynamoDbRegistrationStore : IRegistrationStore
{
    /// <summary>The largest page <see cref="ListAsync"/> returns, as the local stores.</summary>
    public const int MaxPageSize = 1000;

    // Tagged apart from the local stores' tokens, so a token of one store is refused by the other.
    private static readonly PageTokenCodec PageTokens = new("d1.", RegistrationEntryValidator.IsValidId);

    private readonly IAmazonDynamoDB _client;
    private readonly string _tableName;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refreshInterval;

    /// <summary>Creates the store over an existing table.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public DynamoDbRegistrationStore(IAmazonDynamoDB client, IOptions<DynamoDbRegistrationStoreOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var settings = options.Value;
        OptionsCheck.ThrowIfInvalid(settings, new DynamoDbRegistrationStoreOptionsValidator());

        _client = client;
        _tableName = settings.TableName;
        _time = timeProvider;
        _refreshInterval = settings.IndexRefreshInterval;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<RegistrationEntry>> FindMatchingAsync(
        SpiffeId parentId, IReadOnlyCollection<Selector> selectors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(selectors);
        if (parentId.IsZero || selectors.Count == 0)
        {
            return [];
        }

        var index = await CurrentIndexAsync(cancellationToken).ConfigureAwait(false);
        return index.ByParent.TryGetValue(parentId.ToString(), out var candidates)
            ? EntryMatcher.MatchIgnoringExpiry(candidates, parentId, selectors)
            : [];
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<RegistrationEntry>> FindByParentAsync(SpiffeId parentId, CancellationToken cancellationToken)
    {
        if (parentId.IsZero)
        {
            return [];
        }

        var index = await CurrentIndexAsync(cancellationToken).ConfigureAwait(false);
        return index.ByParent.TryGetValue(parentId.ToString(), out var entries) ? Array.AsReadOnly(entries) : [];
    }

    /// <inheritdoc/>
    public async ValueTask<RegistrationEntry?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!RegistrationEntryValidator.IsValidId(id))
        {
            // No such entry can exist, and DynamoDB would reject an empty or oversized key.
            return null;
        }

        var request = new GetItemRequest { TableName = _tableName, Key = RegistrationEntryItem.Key(id), ConsistentRead = true };
        var response = await CallAsync(c => _client.GetItemAsync(request, c), "GetItem", cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? RegistrationEntryItem.FromItem(item) : null;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pageSize"/> is not between 1 and 1000.</exception>
    /// <exception cref="ArgumentException"><paramref name="pageToken"/> is malformed.</exception>
    public async ValueTask<RegistrationEntryPage> ListAsync(string? pageToken, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        var startKey = pageToken is null ? null : RegistrationEntryItem.Key(PageTokens.Decode(pageToken));

        // One item more than the page tells whether another page exists, so the last page never ends with a token.
        var entries = new List<RegistrationEntry>(pageSize + 1);
        do
        {
            var request = new QueryRequest
            {
                TableName = _tableName,
                KeyConditionExpression = "#pk = :entries",
                ExpressionAttributeNames = new() { ["#pk"] = DynamoDbTableSchema.PartitionKey },
                ExpressionAttributeValues = new() { [":entries"] = new AttributeValue { S = RegistrationEntryItem.EntryPartition } },
                ExclusiveStartKey = startKey,
                Limit = pageSize + 1 - entries.Count,
                ConsistentRead = true,
            };
            var response = await CallAsync(c => _client.QueryAsync(request, c), "Query", cancellationToken).ConfigureAwait(false);
            entries.AddRange((response.Items ?? []).Select(RegistrationEntryItem.FromItem));
            startKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (startKey is not null && entries.Count <= pageSize);

        if (entries.Count <= pageSize)
        {
            return new RegistrationEntryPage(entries, NextPageToken: null);
        }

        entries.RemoveAt(pageSize);
        return new RegistrationEntryPage(entries, PageTokens.Encode(entries[^1].Id));
    }

    private static async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (DynamoDbFailures.AsUnavailable(ex, operation, cancellationToken) is { } unavailable)
        {
            throw unavailable;
        }
    }
}
