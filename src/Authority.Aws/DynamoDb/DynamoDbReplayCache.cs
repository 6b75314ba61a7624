using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bridge.Abstractions.Replay;
using Bridge.Authority.Hosting;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>
/// The replay cache shared by every instance. A first use (or a use after the record expired) is one conditional
/// PutItem, succeeding only when no live record exists for the key (the Powertools idempotency pattern); a further use
/// allowed by a bounded-reuse policy is one conditional UpdateItem that counts it, succeeding only while the record is
/// live and its count is below the policy's limit. Every write adds its own random writer token to the record, so a
/// write the SDK retried after a lost response is recognised as ours and neither refused nor counted twice. Records
/// carry the TTL attribute <see cref="DynamoDbTableSchema.TimeToLiveAttribute"/>, so DynamoDB deletes them after they
/// expire. The table never fills. Outages throw <see cref="Bridge.Abstractions.DependencyUnavailableException"/>: an
/// evidence use that cannot be recorded is refused.
/// </summary>
public sealed class DynamoDbReplayCache : IReplayCache
{
    /// <summary>Prefix of a replay record's partition key, keeping records apart from other items in a shared table.</summary>
    internal const string KeyPrefix = "replay#";

    /// <summary>The sort key value of every replay record.</summary>
    internal const string RecordSortKey = "replay";

    /// <summary>The string set of the random values of every write that counted a use (one per use).</summary>
    internal const string WritersAttribute = "writers";

    /// <summary>The number of uses recorded since the record was created.</summary>
    internal const string UsesAttribute = "uses";

    /// <summary>
    /// Put, then update, then put again if the record expired in between: a record can expire between the two writes
    /// at most once in practice, so a third round that still finds no usable record refuses (fail closed).
    /// </summary>
    private const int MaxRounds = 3;

    private readonly IAmazonDynamoDB _client;
    private readonly TimeProvider _timeProvider;
    private readonly string _tableName;

    /// <summary>Creates the cache over an existing table.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public DynamoDbReplayCache(IAmazonDynamoDB client, IOptions<DynamoDbReplayCacheOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var settings = options.Value;
        OptionsCheck.ThrowIfInvalid(settings, new DynamoDbReplayCacheOptionsValidator());

        _client = client;
        _timeProvider = timeProvider;
        _tableName = settings.TableName;
    }

    /// <inheritdoc/>
    /// <exception cref="Bridge.Abstractions.DependencyUnavailableException">DynamoDB is unreachable or throttling.</exception>
    public async ValueTask<ReplayUseResult> TryUseAsync(string key, DateTimeOffset notAfter, ReplayPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var now = _timeProvider.GetUtcNow();
        if (notAfter <= now)
        {
            return ReplayUseResult.AlreadyUsed;
        }

        var writer = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        for (var round = 0; round < MaxRounds; round++)
        {
            var stored = await TryCreateAsync(key, notAfter, now, writer, cancellationToken).ConfigureAwait(false);
            if (stored is null || WrittenBy(stored, writer))
            {
                return ReplayUseResult.Accepted;
            }

            if (policy.IsSingleUse)
            {
                return ReplayUseResult.AlreadyUsed;
            }

            var counted = await TryCountAsync(key, now, policy.MaxUses, writer, cancellationToken).ConfigureAwait(false);
            if (counted is null || WrittenBy(counted, writer))
            {
                return ReplayUseResult.Accepted;
            }

            if (IsLive(counted, now))
            {
                return ReplayUseResult.AlreadyUsed;
            }

            // The record expired (or TTL deleted it) between the two writes: start a fresh one.
        }

        return ReplayUseResult.AlreadyUsed;
    }

    /// <summary>Writes a fresh record with one use; null when written, else the live record that blocked it.</summary>
    private async Task<Dictionary<string, AttributeValue>?> TryCreateAsync(
        string key, DateTimeOffset notAfter, DateTimeOffset now, string writer, CancellationToken cancellationToken)
    {
        // Whole seconds, rounded so that a record never expires early: kept until ceil(notAfter), reusable from then.
        var request = new PutItemRequest
        {
            TableName = _tableName,
            Item = new()
            {
                [DynamoDbTableSchema.PartitionKey] = new AttributeValue { S = KeyPrefix + key },
                [DynamoDbTableSchema.SortKey] = new AttributeValue { S = RecordSortKey },
                [DynamoDbTableSchema.TimeToLiveAttribute] = Number(CeilingUnixSeconds(notAfter)),
                [UsesAttribute] = Number(1),
                [WritersAttribute] = new AttributeValue { SS = [writer] },
            },
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
            ConditionExpression = "attribute_not_exists(#pk) OR #expires <= :now",
            ExpressionAttributeNames = new()
            {
                ["#pk"] = DynamoDbTableSchema.PartitionKey,
                ["#expires"] = DynamoDbTableSchema.TimeToLiveAttribute,
            },
            ExpressionAttributeValues = new() { [":now"] = Number(now.ToUnixTimeSeconds()) },
        };
        try
        {
            await _client.PutItemAsync(request, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (ConditionalCheckFailedException failed)
        {
            return failed.Item ?? [];
        }
        catch (Exception ex) when (DynamoDbFailures.AsUnavailable(ex, "PutItem", cancellationToken) is { } unavailable)
        {
            throw unavailable;
        }
    }

    /// <summary>Counts one more use of a live record below <paramref name="maxUses"/>; null when counted, else the record as found.</summary>
    private async Task<Dictionary<string, AttributeValue>?> TryCountAsync(
        string key, DateTimeOffset now, int maxUses, string writer, CancellationToken cancellationToken)
    {
        // The condition and the increment are one atomic write, so concurrent uses are counted exactly; the writer
        // token in the condition keeps an SDK retry of a write that landed from counting it again.
        var request = new UpdateItemRequest
        {
            TableName = _tableName,
            Key = new()
            {
                [DynamoDbTableSchema.PartitionKey] = new AttributeValue { S = KeyPrefix + key },
                [DynamoDbTableSchema.SortKey] = new AttributeValue { S = RecordSortKey },
            },
            UpdateExpression = "ADD #uses :one, #writers :writer",
            ConditionExpression = "#expires > :now AND #uses < :max AND NOT contains(#writers, :writerValue)",
            ExpressionAttributeNames = new()
            {
                ["#expires"] = DynamoDbTableSchema.TimeToLiveAttribute,
                ["#uses"] = UsesAttribute,
                ["#writers"] = WritersAttribute,
            },
            ExpressionAttributeValues = new()
            {
                [":now"] = Number(now.ToUnixTimeSeconds()),
                [":one"] = Number(1),
                [":max"] = Number(maxUses),
                [":writer"] = new AttributeValue { SS = [writer] },
                [":writerValue"] = new AttributeValue { S = writer },
            },
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        };
        try
        {
            await _client.UpdateItemAsync(request, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (ConditionalCheckFailedException failed)
        {
            return failed.Item ?? [];
        }
        catch (Exception ex) when (DynamoDbFailures.AsUnavailable(ex, "UpdateItem", cancellationToken) is { } unavailable)
        {
            throw unavailable;
        }
    }

    /// <summary>
    /// The SDK retries a request whose response was lost; when the first attempt had landed, the retry fails the
    /// condition on our own write. That is still this caller's use, not a replay.
    /// </summary>
    private static bool WrittenBy(Dictionary<string, AttributeValue> stored, string writer) =>
        stored.TryGetValue(WritersAttribute, out var writers) && writers.SS is { } set && set.Contains(writer, StringComparer.Ordinal);

    private static bool IsLive(Dictionary<string, AttributeValue> stored, DateTimeOffset now) =>
        stored.TryGetValue(DynamoDbTableSchema.TimeToLiveAttribute, out var expires)
        && long.TryParse(expires.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
        && seconds > now.ToUnixTimeSeconds();

    private static long CeilingUnixSeconds(DateTimeOffset at)
    {
        var seconds = at.ToUnixTimeSeconds();
        return at > DateTimeOffset.FromUnixTimeSeconds(seconds) ? seconds + 1 : seconds;
    }

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
