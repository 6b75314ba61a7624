using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bridge.Abstractions.State;
using Bridge.Authority.Hosting;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>
/// Authority state documents (key and CA rotation state) in DynamoDB, one item per document in its own partition
/// (docs/dynamodb.md). Reads are strongly consistent <c>GetItem</c>s; writes are one conditional <c>PutItem</c> on the
/// revision, so of concurrent writers of one revision exactly one wins. Outages throw
/// <see cref="Bridge.Abstractions.DependencyUnavailableException"/> once the SDK's jittered retries are spent.
/// </summary>
public sealed class DynamoDbAuthorityStateStore : IAuthorityStateStore
{
    /// <summary>Prefix of a document's partition key; the rest is the document name.</summary>
    internal const string KeyPrefix = "state#";

    /// <summary>The sort key value of every document.</summary>
    internal const string DocumentSortKey = "state";

    /// <summary>The binary content attribute.</summary>
    internal const string ContentAttribute = "content";

    /// <summary>The revision attribute (N).</summary>
    internal const string RevisionAttribute = "revision";

    private readonly IAmazonDynamoDB _client;
    private readonly string _tableName;

    /// <summary>Creates the store over an existing table.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public DynamoDbAuthorityStateStore(IAmazonDynamoDB client, IOptions<DynamoDbAuthorityStateStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        OptionsCheck.ThrowIfInvalid(options.Value, new DynamoDbAuthorityStateStoreOptionsValidator());

        _client = client;
        _tableName = options.Value.TableName;
    }

    /// <inheritdoc/>
    /// <exception cref="Bridge.Abstractions.DependencyUnavailableException">DynamoDB is unreachable or throttling.</exception>
    /// <exception cref="InvalidDataException">The stored item is not a state document (written by something else).</exception>
    public async Task<StateDocument?> GetAsync(string name, CancellationToken cancellationToken)
    {
        StateDocumentNames.ThrowIfInvalid(name);
        var request = new GetItemRequest { TableName = _tableName, Key = Key(name), ConsistentRead = true };
        var response = await DynamoDbFailures.CallAsync(c => _client.GetItemAsync(request, c), "GetItem", cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? FromItem(name, item) : null;
    }

    /// <inheritdoc/>
    /// <exception cref="Bridge.Abstractions.DependencyUnavailableException">DynamoDB is unreachable or throttling.</exception>
    public async Task<StateDocument?> TryWriteAsync(
        string name, ReadOnlyMemory<byte> content, long expectedRevision, CancellationToken cancellationToken)
    {
        StateDocumentNames.ThrowIfInvalidWrite(name, content, expectedRevision);
        var stored = new StateDocument(name, expectedRevision + 1, content.ToArray());
        var item = Key(name);
        item[ContentAttribute] = new AttributeValue { B = new MemoryStream(stored.Content.ToArray(), writable: false) };
        item[RevisionAttribute] = Number(stored.Revision);
        var request = new PutItemRequest
        {
            TableName = _tableName,
            Item = item,
            ConditionExpression = expectedRevision == 0 ? "attribute_not_exists(#pk)" : "#revision = :expected",
            ExpressionAttributeNames = expectedRevision == 0
                ? new() { ["#pk"] = DynamoDbTableSchema.PartitionKey }
                : new() { ["#revision"] = RevisionAttribute },
            ExpressionAttributeValues = expectedRevision == 0 ? null : new() { [":expected"] = Number(expectedRevision) },
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        };
        try
        {
            await DynamoDbFailures.CallAsync(c => _client.PutItemAsync(request, c), "PutItem", cancellationToken).ConfigureAwait(false);
            return stored;
        }
        catch (ConditionalCheckFailedException ex)
        {
            // An SDK retry after a lost response finds this very write in place: that is a success, not a lost race.
            return ex.Item is { Count: > 0 } old && FromItem(name, old) is var current
                && current.Revision == stored.Revision && current.Content.Span.SequenceEqual(stored.Content.Span)
                ? stored
                : null;
        }
    }

    private static Dictionary<string, AttributeValue> Key(string name) => new(StringComparer.Ordinal)
    {
        [DynamoDbTableSchema.PartitionKey] = new AttributeValue { S = KeyPrefix + name },
        [DynamoDbTableSchema.SortKey] = new AttributeValue { S = DocumentSortKey },
    };

    private static StateDocument FromItem(string name, Dictionary<string, AttributeValue> item)
    {
        if (!item.TryGetValue(ContentAttribute, out var content) || content.B is null
            || !item.TryGetValue(RevisionAttribute, out var revision)
            || !long.TryParse(revision.N, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            throw new InvalidDataException("A state document item in DynamoDB is malformed.");
        }

        return new StateDocument(name, number, content.B.ToArray());
    }

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
