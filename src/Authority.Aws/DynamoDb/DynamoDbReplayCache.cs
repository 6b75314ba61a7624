using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Bridge.Abstractions.Replay;
using Microsoft.Extensions.Options;

namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>
/// The replay cache shared by every instance: one conditional PutItem per use, succeeding only when no record exists
/// for the key or the stored one has expired (the Powertools idempotency pattern). Records carry the TTL attribute
/// <see cref="DynamoDbTableSchema.TimeToLiveAttribute"/>, so DynamoDB deletes them after they expire. Outages throw
/// <see cref="Bridge.Abstractions.DependencyUnavailableException"/>: an evidence use that cannot be recorded is refused.
/// </summary>
public sealed class DynamoDbReplayCache : IReplayCache
{
    /// <summary>Prefix of a replay record's partition key, keeping records apart from other items in a shared table.</summary>
    internal const string KeyPrefix = "replay#";

    /// <summary>The sort key value of every replay record.</summary>
    internal const string RecordSortKey = "replay";

    /// <summary>A random value per use, which tells our own earlier write apart from another instance's.</summary>
    internal const string WriterAttribute = "writer";

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
        var check = new DynamoDbReplayCacheOptionsValidator().Validate(Options.DefaultName, settings);
        if (check.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(DynamoDbReplayCacheOptions), check.Failures);
        }

        _client = client;
        _timeProvider = timeProvider;
        _tableName = settings.TableName;
    }

    /// <inheritdoc/>
    /// <exception cref="Bridge.Abstractions.DependencyUnavailableException">DynamoDB is unreachable or throttling.</exception>
    public async ValueTask<bool> TryUseAsync(string key, DateTimeOffset notAfter, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var now = _timeProvider.GetUtcNow();
        if (notAfter <= now)
        {
            return false;
        }

        // Whole seconds, rounded so that a record never expires early: kept until ceil(notAfter), reusable from then.
        var expiresAt = CeilingUnixSeconds(notAfter);
        var writer = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var request = new PutItemRequest
        {
            TableName = _tableName,
            Item = new()
            {
                [DynamoDbTableSchema.PartitionKey] = new AttributeValue { S = KeyPrefix + key },
                [DynamoDbTableSchema.SortKey] = new AttributeValue { S = RecordSortKey },
                [DynamoDbTableSchema.TimeToLiveAttribute] = Number(expiresAt),
                [WriterAttribute] = new AttributeValue { S = writer },
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
            return true;
        }
        catch (ConditionalCheckFailedException failed)
        {
            // The SDK retries a request whose response was lost; when the first attempt had landed, the retry fails
            // the condition on our own record. That is still this caller's first use, not a replay.
            return failed.Item is { } stored && stored.TryGetValue(WriterAttribute, out var storedWriter) && storedWriter.S == writer;
        }
        catch (Exception ex) when (DynamoDbFailures.AsUnavailable(ex, "PutItem", cancellationToken) is { } unavailable)
        {
            throw unavailable;
        }
    }

    private static long CeilingUnixSeconds(DateTimeOffset at)
    {
        var seconds = at.ToUnixTimeSeconds();
        return at > DateTimeOffset.FromUnixTimeSeconds(seconds) ? seconds + 1 : seconds;
    }

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
