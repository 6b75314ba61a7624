using Amazon.DynamoDBv2.Model;
using Bridge.Abstractions;
using Bridge.Abstractions.Registration;

namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>
/// The warm-path entry index: every entry in memory, grouped by parent, reloaded only when the table revision changed.
/// A check is one strongly consistent <c>GetItem</c> of the revision item, made at most once per refresh interval and by
/// one caller at a time.
/// </summary>
public sealed partial class DynamoDbRegistrationStore
{
    /// <summary>The partition of the table-revision item, apart from the entries so listings never see it.</summary>
    internal const string MetaPartition = "entry-meta";

    /// <summary>The sort key of the table-revision item.</summary>
    internal const string RevisionSortKey = "revision";

    // A snapshot this much older than the refresh interval is not served when checks fail: fail closed instead.
    private const int StaleIntervals = 5;

    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private volatile EntryIndex? _index;
    private long _localWrites;

    private async ValueTask<EntryIndex> CurrentIndexAsync(CancellationToken cancellationToken)
    {
        var index = _index;
        if (index is not null && IsFresh(index))
        {
            return index;
        }

        // Only a missing or locally invalidated index makes a caller wait; an index that is merely due for its check
        // keeps serving while another caller checks.
        var mustWait = index is null || index.LocalWrites != Volatile.Read(ref _localWrites);
        if (mustWait)
        {
            await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (!await _refreshGate.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            return index!;
        }

        try
        {
            index = _index;
            if (index is not null && IsFresh(index))
            {
                return index;
            }

            var refreshed = await RefreshAsync(index, cancellationToken).ConfigureAwait(false);
            _index = refreshed;
            return refreshed;
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private bool IsFresh(EntryIndex index) =>
        index.LocalWrites == Volatile.Read(ref _localWrites) && _time.GetElapsedTime(index.CheckedAt) < _refreshInterval;

    private async Task<EntryIndex> RefreshAsync(EntryIndex? previous, CancellationToken cancellationToken)
    {
        // Both are taken before reading: a write racing the reload changes them again and is picked up next time.
        var localWrites = Volatile.Read(ref _localWrites);
        var checkedAt = _time.GetTimestamp();
        long revision;
        try
        {
            revision = await ReadTableRevisionAsync(cancellationToken).ConfigureAwait(false);
            if (previous is not null && previous.TableRevision == revision)
            {
                return previous with { LocalWrites = localWrites, CheckedAt = checkedAt };
            }

            return new EntryIndex(revision, localWrites, checkedAt, await LoadAllEntriesAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (DependencyUnavailableException) when (previous is not null
            && _time.GetElapsedTime(previous.CheckedAt) < _refreshInterval * StaleIntervals)
        {
            // A short outage keeps the last snapshot; its check time stays, so the next call checks again.
            return previous;
        }
    }

    private async Task<long> ReadTableRevisionAsync(CancellationToken cancellationToken)
    {
        var request = new GetItemRequest
        {
            TableName = _tableName,
            Key = RevisionKey(),
            ConsistentRead = true,
            ProjectionExpression = "#revision",
            ExpressionAttributeNames = new() { ["#revision"] = RegistrationEntryItem.Revision },
        };
        var response = await CallAsync(c => _client.GetItemAsync(request, c), "GetItem", cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? RegistrationEntryItem.ParseRevision(item) : 0;
    }

    private async Task<Dictionary<string, RegistrationEntry[]>> LoadAllEntriesAsync(CancellationToken cancellationToken)
    {
        var entries = new List<RegistrationEntry>();
        Dictionary<string, AttributeValue>? startKey = null;
        do
        {
            var request = new QueryRequest
            {
                TableName = _tableName,
                KeyConditionExpression = "#pk = :entries",
                ExpressionAttributeNames = new() { ["#pk"] = DynamoDbTableSchema.PartitionKey },
                ExpressionAttributeValues = new() { [":entries"] = new AttributeValue { S = RegistrationEntryItem.EntryPartition } },
                ExclusiveStartKey = startKey,
                ConsistentRead = true,
            };
            var response = await CallAsync(c => _client.QueryAsync(request, c), "Query", cancellationToken).ConfigureAwait(false);
            entries.AddRange((response.Items ?? []).Select(RegistrationEntryItem.FromItem));
            startKey = response.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (startKey is not null);

        return entries.GroupBy(e => e.ParentId.ToString(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    private static Dictionary<string, AttributeValue> RevisionKey() => new(StringComparer.Ordinal)
    {
        [DynamoDbTableSchema.PartitionKey] = new AttributeValue { S = MetaPartition },
        [DynamoDbTableSchema.SortKey] = new AttributeValue { S = RevisionSortKey },
    };

    /// <summary>One loaded snapshot: the table revision it reflects, the local writes it saw, when it was last checked.</summary>
    private sealed record EntryIndex(
        long TableRevision, long LocalWrites, long CheckedAt, IReadOnlyDictionary<string, RegistrationEntry[]> ByParent);
}
