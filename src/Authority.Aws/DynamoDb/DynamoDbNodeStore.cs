using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bridge.Abstractions.Nodes;
using Bridge.Authority.Hosting;
using Bridge.Authority.Paging;
using Bridge.Spiffe.Id;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>
/// Attested-node records in DynamoDB (docs/dynamodb.md): one partition sorted by agent ID, so reads and listings are
/// strongly consistent and ordered. Every write is one conditional single-item request; the create is
/// <c>attribute_not_exists</c> (or stale), so of concurrent first attestations of one node exactly one succeeds.
/// Records not banned carry the TTL attribute (SVID expiry + grace). Outages throw
/// <see cref="Bridge.Abstractions.DependencyUnavailableException"/> once the SDK's jittered retries are spent.
/// </summary>
public sealed class DynamoDbNodeStore : INodeStore
{
    // Tagged apart from the in-memory store's tokens, so a token of one store is refused by the other.
    private static readonly PageTokenCodec PageTokens = new("dn1.", PageTokenCodec.IsSpiffeId);

    private readonly IAmazonDynamoDB _client;
    private readonly string _tableName;
    private readonly TimeProvider _time;
    private readonly TimeSpan _expiryGrace;

    /// <summary>Creates the store over an existing table.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public DynamoDbNodeStore(IAmazonDynamoDB client, IOptions<DynamoDbNodeStoreOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        OptionsCheck.ThrowIfInvalid(options.Value, new DynamoDbNodeStoreOptionsValidator());

        _client = client;
        _tableName = options.Value.TableName;
        _time = timeProvider;
        _expiryGrace = options.Value.ExpiryGrace;
    }

    /// <inheritdoc/>
    public async ValueTask<NodeRecord?> GetAsync(SpiffeId agentId, CancellationToken cancellationToken)
    {
        NodeRecords.ThrowIfInvalidKey(agentId);
        var request = new GetItemRequest { TableName = _tableName, Key = NodeRecordItem.Key(agentId.ToString()), ConsistentRead = true };
        var response = await DynamoDbFailures.CallAsync(c => _client.GetItemAsync(request, c), "GetItem", cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? NodeRecordItem.FromItem(item) : null;
    }

    /// <inheritdoc/>
    public async ValueTask<NodeWriteResult> TryCreateAsync(NodeRecord node, CancellationToken cancellationToken)
    {
        NodeRecords.ThrowIfInvalid(node);
        var item = NodeRecordItem.ToItem(node, revision: 1, _expiryGrace);
        var request = new PutItemRequest
        {
            TableName = _tableName,
            Item = item,

            // A banned record has no TTL attribute, so it never counts as stale.
            ConditionExpression = "attribute_not_exists(#pk) OR (#expires <= :now AND #banned = :false)",
            ExpressionAttributeNames = new()
            {
                ["#pk"] = DynamoDbTableSchema.PartitionKey,
                ["#expires"] = DynamoDbTableSchema.TimeToLiveAttribute,
                ["#banned"] = NodeRecordItem.Banned,
            },
            ExpressionAttributeValues = new()
            {
                [":now"] = NodeRecordItem.Number(_time.GetUtcNow().ToUnixTimeSeconds()),
                [":false"] = new AttributeValue { BOOL = false },
            },
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        };
        return await PutAsync(request, cancellationToken).ConfigureAwait(false) is { } old && !IsOwnWrite(old, item)
            ? new NodeWriteResult(NodeWriteStatus.AlreadyExists)
            : new NodeWriteResult(NodeWriteStatus.Succeeded, NodeRecordItem.FromItem(item));
    }

    /// <inheritdoc/>
    public async ValueTask<NodeWriteResult> UpdateAsync(NodeRecord node, CancellationToken cancellationToken)
    {
        NodeRecords.ThrowIfInvalid(node);
        var item = NodeRecordItem.ToItem(node, node.Revision + 1, _expiryGrace);
        var request = new PutItemRequest
        {
            TableName = _tableName,
            Item = item,
            ConditionExpression = "attribute_exists(#pk) AND #revision = :expected AND #banned = :false",
            ExpressionAttributeNames = new()
            {
                ["#pk"] = DynamoDbTableSchema.PartitionKey,
                ["#revision"] = NodeRecordItem.Revision,
                ["#banned"] = NodeRecordItem.Banned,
            },
            ExpressionAttributeValues = new()
            {
                [":expected"] = NodeRecordItem.Number(node.Revision),
                [":false"] = new AttributeValue { BOOL = false },
            },
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        };
        var old = await PutAsync(request, cancellationToken).ConfigureAwait(false);
        if (old is null || IsOwnWrite(old, item))
        {
            return new NodeWriteResult(NodeWriteStatus.Succeeded, NodeRecordItem.FromItem(item));
        }

        return new NodeWriteResult(old.Count == 0 ? NodeWriteStatus.NotFound
            : NodeRecordItem.FromItem(old).Banned ? NodeWriteStatus.Banned
            : NodeWriteStatus.Conflict);
    }

    /// <inheritdoc/>
    public async ValueTask<NodeWriteResult> DeleteAsync(SpiffeId agentId, long? expectedRevision, CancellationToken cancellationToken)
    {
        NodeRecords.ThrowIfInvalidKey(agentId);
        var request = new DeleteItemRequest
        {
            TableName = _tableName,
            Key = NodeRecordItem.Key(agentId.ToString()),
            ConditionExpression = expectedRevision is null ? "attribute_exists(#pk)" : "attribute_exists(#pk) AND #revision = :expected",
            ExpressionAttributeNames = expectedRevision is null
                ? new() { ["#pk"] = DynamoDbTableSchema.PartitionKey }
                : new() { ["#pk"] = DynamoDbTableSchema.PartitionKey, ["#revision"] = NodeRecordItem.Revision },
            ExpressionAttributeValues = expectedRevision is { } expected ? new() { [":expected"] = NodeRecordItem.Number(expected) } : null,
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        };
        try
        {
            await DynamoDbFailures.CallAsync(c => _client.DeleteItemAsync(request, c), "DeleteItem", cancellationToken).ConfigureAwait(false);
            return new NodeWriteResult(NodeWriteStatus.Succeeded);
        }
        catch (ConditionalCheckFailedException ex)
        {
            return new NodeWriteResult(ex.Item is { Count: > 0 } ? NodeWriteStatus.Conflict : NodeWriteStatus.NotFound);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<NodeWriteResult> BanAsync(SpiffeId agentId, CancellationToken cancellationToken)
    {
        NodeRecords.ThrowIfInvalidKey(agentId);
        var request = new UpdateItemRequest
        {
            TableName = _tableName,
            Key = NodeRecordItem.Key(agentId.ToString()),
            ConditionExpression = "attribute_exists(#pk)",

            // The TTL attribute goes: DynamoDB must never delete a banned record, which would lift the ban.
            UpdateExpression = "SET #banned = :true, #revision = #revision + :one REMOVE #expires",
            ExpressionAttributeNames = new()
            {
                ["#pk"] = DynamoDbTableSchema.PartitionKey,
                ["#banned"] = NodeRecordItem.Banned,
                ["#revision"] = NodeRecordItem.Revision,
                ["#expires"] = DynamoDbTableSchema.TimeToLiveAttribute,
            },
            ExpressionAttributeValues = new()
            {
                [":true"] = new AttributeValue { BOOL = true },
                [":one"] = NodeRecordItem.Number(1),
            },
            ReturnValues = ReturnValue.ALL_NEW,
        };
        try
        {
            var response = await DynamoDbFailures.CallAsync(c => _client.UpdateItemAsync(request, c), "UpdateItem", cancellationToken)
                .ConfigureAwait(false);
            return new NodeWriteResult(NodeWriteStatus.Succeeded, NodeRecordItem.FromItem(response.Attributes));
        }
        catch (ConditionalCheckFailedException)
        {
            return new NodeWriteResult(NodeWriteStatus.NotFound);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<NodeRecordPage> ListAsync(string? pageToken, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, INodeStore.MaxPageSize);
        var startKey = pageToken is null ? null : NodeRecordItem.Key(PageTokens.Decode(pageToken));

        // One item more than the page tells whether another page exists, so the last page never ends with a token.
        var nodes = new List<NodeRecord>(pageSize + 1);
        do
        {
            var request = new QueryRequest
            {
                TableName = _tableName,
                KeyConditionExpression = "#pk = :nodes",
                ExpressionAttributeNames = new() { ["#pk"] = DynamoDbTableSchema.PartitionKey },
                ExpressionAttributeValues = new() { [":nodes"] = new AttributeValue { S = NodeRecordItem.NodePartition } },
                ExclusiveStartKey = startKey,
                Limit = pageSize + 1 - nodes.Count,
                ConsistentRead = true,
            };
            var response = await DynamoDbFailures.CallAsync(c => _client.QueryAsync(request, c), "Query", cancellationToken).ConfigureAwait(false);
            nodes.AddRange((response.Items ?? []).Select(NodeRecordItem.FromItem));
            startKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (startKey is not null && nodes.Count <= pageSize);

        if (nodes.Count <= pageSize)
        {
            return new NodeRecordPage(nodes, NextPageToken: null);
        }

        nodes.RemoveAt(pageSize);
        return new NodeRecordPage(nodes, PageTokens.Encode(nodes[^1].AgentId.ToString()));
    }

    /// <summary>Null when the put landed; otherwise the stored item its condition found (empty when there was none).</summary>
    private async Task<Dictionary<string, AttributeValue>?> PutAsync(PutItemRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await DynamoDbFailures.CallAsync(c => _client.PutItemAsync(request, c), "PutItem", cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (ConditionalCheckFailedException ex)
        {
            return ex.Item ?? [];
        }
    }

    /// <summary>
    /// True when the item a failed condition found is exactly the one this call wrote: the SDK retried after a lost
    /// response, and the write had landed. SVID serial numbers are random, so another writer's item differs.
    /// </summary>
    private static bool IsOwnWrite(Dictionary<string, AttributeValue> found, Dictionary<string, AttributeValue> written)
    {
        if (found.Count == 0)
        {
            return false;
        }

        var stored = NodeRecordItem.FromItem(found);
        var ours = NodeRecordItem.FromItem(written);
        return stored with { Selectors = [] } == ours with { Selectors = [] } && stored.Selectors.SequenceEqual(ours.Selectors);
    }
}
