using System.Security.Cryptography;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bridge.Abstractions;
using Bridge.Abstractions.Registration;

namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>
/// Conditional writes: create if absent, replace or delete only at the expected revision. Each is one transaction with
/// an increment of the table-revision item, so an entry index elsewhere sees the change at its next check.
/// </summary>
public sealed partial class DynamoDbRegistrationStore
{
    private const string ExistsCondition = "attribute_exists(#pk)";
    private const string RevisionCondition = "attribute_exists(#pk) AND #revision = :expected";
    private const string ConditionalCheckFailed = "ConditionalCheckFailed";

    // Concurrent writers collide on the revision item; a retry re-evaluates the entry's own condition.
    private const int MaxTransactionAttempts = 5;

    private static readonly HashSet<string> RetryableCancellations = new(StringComparer.Ordinal)
    {
        "None", "TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded",
    };

    /// <inheritdoc/>
    public async ValueTask<RegistrationWriteResult> CreateAsync(RegistrationEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var item = RegistrationEntryItem.ToItem(entry, revision: 1);
        var write = new TransactWriteItem
        {
            Put = new Put
            {
                TableName = _tableName,
                Item = item,
                ConditionExpression = "attribute_not_exists(#pk)",
                ExpressionAttributeNames = new() { ["#pk"] = DynamoDbTableSchema.PartitionKey },
            },
        };
        return await WriteWithRevisionAsync(write, cancellationToken).ConfigureAwait(false) is null
            ? new RegistrationWriteResult(RegistrationWriteStatus.Succeeded, RegistrationEntryItem.FromItem(item))
            : new RegistrationWriteResult(RegistrationWriteStatus.AlreadyExists);
    }

    /// <inheritdoc/>
    public async ValueTask<RegistrationWriteResult> UpdateAsync(RegistrationEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var item = RegistrationEntryItem.ToItem(entry, entry.Revision + 1);
        var write = new TransactWriteItem
        {
            Put = new Put
            {
                TableName = _tableName,
                Item = item,
                ConditionExpression = RevisionCondition,
                ExpressionAttributeNames = RevisionNames(),
                ExpressionAttributeValues = new() { [":expected"] = RegistrationEntryItem.Number(entry.Revision) },
                ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
            },
        };
        return await WriteWithRevisionAsync(write, cancellationToken).ConfigureAwait(false) is { } failed
            ? new RegistrationWriteResult(Failure(failed))
            : new RegistrationWriteResult(RegistrationWriteStatus.Succeeded, RegistrationEntryItem.FromItem(item));
    }

    /// <inheritdoc/>
    public async ValueTask<RegistrationWriteResult> DeleteAsync(string id, long? expectedRevision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!Registration.RegistrationEntryValidator.IsValidId(id))
        {
            return new RegistrationWriteResult(RegistrationWriteStatus.NotFound);
        }

        var write = new TransactWriteItem
        {
            Delete = new Delete
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
            },
        };
        return await WriteWithRevisionAsync(write, cancellationToken).ConfigureAwait(false) is { } failed
            ? new RegistrationWriteResult(Failure(failed))
            : new RegistrationWriteResult(RegistrationWriteStatus.Succeeded);
    }

    /// <summary>
    /// Writes the entry action and bumps the table revision atomically. Returns null on success, or the entry action's
    /// cancellation reason when its condition failed (nothing was written).
    /// </summary>
    private async Task<CancellationReason?> WriteWithRevisionAsync(TransactWriteItem entryWrite, CancellationToken cancellationToken)
    {
        var request = new TransactWriteItemsRequest { TransactItems = [entryWrite, RevisionIncrement()] };
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await CallAsync(c => _client.TransactWriteItemsAsync(request, c), "TransactWriteItems", cancellationToken)
                        .ConfigureAwait(false);
                    return null;
                }
                catch (TransactionCanceledException ex)
                {
                    var reasons = ex.CancellationReasons ?? [];
                    if (reasons.Count > 0 && reasons[0].Code == ConditionalCheckFailed)
                    {
                        return reasons[0];
                    }

                    if (!reasons.All(r => r.Code is null || RetryableCancellations.Contains(r.Code)))
                    {
                        throw;
                    }

                    if (attempt >= MaxTransactionAttempts)
                    {
                        throw new DependencyUnavailableException("DynamoDB is unavailable (TransactWriteItems).", ex);
                    }

                    await Task.Delay(Backoff(attempt), _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // Whatever happened (even an outage after the write may have landed), this instance's index reloads.
            Interlocked.Increment(ref _localWrites);
        }
    }

    private TransactWriteItem RevisionIncrement() => new()
    {
        Update = new Update
        {
            TableName = _tableName,
            Key = RevisionKey(),
            UpdateExpression = "ADD #revision :one",
            ExpressionAttributeNames = new() { ["#revision"] = RegistrationEntryItem.Revision },
            ExpressionAttributeValues = new() { [":one"] = RegistrationEntryItem.Number(1) },
        },
    };

    // Full jitter over a doubling ceiling: 10, 20, 40, 80 ms.
    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32(1, (10 << (attempt - 1)) + 1));

    private static Dictionary<string, string> RevisionNames() => new()
    {
        ["#pk"] = DynamoDbTableSchema.PartitionKey,
        ["#revision"] = RegistrationEntryItem.Revision,
    };

    // The failed condition returns the stored item, if any: its absence means there was nothing to update.
    private static RegistrationWriteStatus Failure(CancellationReason reason) =>
        reason.Item is { Count: > 0 } ? RegistrationWriteStatus.Conflict : RegistrationWriteStatus.NotFound;
}
