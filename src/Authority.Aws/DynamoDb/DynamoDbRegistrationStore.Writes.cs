using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bridge.Abstractions.Registration;

namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>Conditional writes: create if absent, replace or delete only at the expected revision.</summary>
public sealed partial class DynamoDbRegistrationStore
{
    private const string ExistsCondition = "attribute_exists(#pk)";
    private const string RevisionCondition = "attribute_exists(#pk) AND #revision = :expected";

    /// <inheritdoc/>
    public async ValueTask<RegistrationWriteResult> CreateAsync(RegistrationEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var item = RegistrationEntryItem.ToItem(entry, revision: 1);
        var request = new PutItemRequest
        {
            TableName = _tableName,
            Item = item,
            ConditionExpression = "attribute_not_exists(#pk)",
            ExpressionAttributeNames = new() { ["#pk"] = DynamoDbTableSchema.PartitionKey },
        };
        try
        {
            await CallAsync(c => _client.PutItemAsync(request, c), "PutItem", cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException)
        {
            return new RegistrationWriteResult(RegistrationWriteStatus.AlreadyExists);
        }

        return new RegistrationWriteResult(RegistrationWriteStatus.Succeeded, RegistrationEntryItem.FromItem(item));
    }

    /// <inheritdoc/>
    public async ValueTask<RegistrationWriteResult> UpdateAsync(RegistrationEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var item = RegistrationEntryItem.ToItem(entry, entry.Revision + 1);
        var request = new PutItemRequest
        {
            TableName = _tableName,
            Item = item,
            ConditionExpression = RevisionCondition,
            ExpressionAttributeNames = RevisionNames(),
            ExpressionAttributeValues = new() { [":expected"] = RegistrationEntryItem.Number(entry.Revision) },
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        };
        try
        {
            await CallAsync(c => _client.PutItemAsync(request, c), "PutItem", cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException ex)
        {
            return new RegistrationWriteResult(Failure(ex));
        }

        return new RegistrationWriteResult(RegistrationWriteStatus.Succeeded, RegistrationEntryItem.FromItem(item));
    }

    /// <inheritdoc/>
    public async ValueTask<RegistrationWriteResult> DeleteAsync(string id, long? expectedRevision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!Registration.RegistrationEntryValidator.IsValidId(id))
        {
            return new RegistrationWriteResult(RegistrationWriteStatus.NotFound);
        }

        var request = new DeleteItemRequest
        {
            TableName = _tableName,
            Key = RegistrationEntryItem.Key(id),
            ConditionExpression = expectedRevision is null ? ExistsCondition : RevisionCondition,
            ExpressionAttributeNames = expectedRevision is null
                ? new() { ["#pk"] = DynamoDbTableSchema.PartitionKey }
                : RevisionNames(),
            ExpressionAttributeValues = expectedRevision is { } expected
                ? new() { [":expected"] = RegistrationEntryItem.Number(expected) }
                : null,
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        };
        try
        {
            await CallAsync(c => _client.DeleteItemAsync(request, c), "DeleteItem", cancellationToken).ConfigureAwait(false);
        }
        catch (ConditionalCheckFailedException ex)
        {
            return new RegistrationWriteResult(Failure(ex));
        }

        return new RegistrationWriteResult(RegistrationWriteStatus.Succeeded);
    }

    private static Dictionary<string, string> RevisionNames() => new()
    {
        ["#pk"] = DynamoDbTableSchema.PartitionKey,
        ["#revision"] = RegistrationEntryItem.Revision,
    };

    // The failed condition returns the stored item, if any: its absence means there was nothing to update.
    private static RegistrationWriteStatus Failure(ConditionalCheckFailedException exception) =>
        exception.Item is { Count: > 0 } ? RegistrationWriteStatus.Conflict : RegistrationWriteStatus.NotFound;
}
