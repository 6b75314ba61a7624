using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>
/// The one table shape every Bridge DynamoDB store uses (docs/dynamodb.md): a string partition key <c>pk</c>, a string
/// sort key <c>sk</c>, a sparse global secondary index on <c>parent_id</c> for entry matching, and the TTL attribute
/// <c>expires_at</c> (epoch seconds) for replay records and node records. The stores never create tables; deployments and tests do, from
/// <see cref="CreateTableRequest"/>.
/// </summary>
public static class DynamoDbTableSchema
{
    /// <summary>The partition key attribute.</summary>
    public const string PartitionKey = "pk";

    /// <summary>The sort key attribute.</summary>
    public const string SortKey = "sk";

    /// <summary>The global secondary index that finds the entries of one parent, sorted by entry id.</summary>
    public const string ParentIndexName = "by_parent";

    /// <summary>The partition key attribute of <see cref="ParentIndexName"/>; only entry items carry it.</summary>
    public const string ParentIdAttribute = "parent_id";

    /// <summary>The attribute to enable DynamoDB TTL on (epoch seconds); replay records and node records not banned carry it.</summary>
    public const string TimeToLiveAttribute = "expires_at";

    /// <summary>Describes the table (on-demand billing), for a deployment tool or a test fixture.</summary>
    public static CreateTableRequest CreateTableRequest(string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        return new CreateTableRequest
        {
            TableName = tableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions =
            [
                new AttributeDefinition(PartitionKey, ScalarAttributeType.S),
                new AttributeDefinition(SortKey, ScalarAttributeType.S),
                new AttributeDefinition(ParentIdAttribute, ScalarAttributeType.S),
            ],
            KeySchema = [new KeySchemaElement(PartitionKey, KeyType.HASH), new KeySchemaElement(SortKey, KeyType.RANGE)],
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = ParentIndexName,
                    KeySchema = [new KeySchemaElement(ParentIdAttribute, KeyType.HASH), new KeySchemaElement(SortKey, KeyType.RANGE)],
                    Projection = new Projection { ProjectionType = ProjectionType.ALL },
                },
            ],
        };
    }

    /// <summary>Turns on DynamoDB TTL for replay and node records, so that expired ones are deleted for free.</summary>
    public static UpdateTimeToLiveRequest EnableTimeToLiveRequest(string tableName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tableName);
        return new UpdateTimeToLiveRequest
        {
            TableName = tableName,
            TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = TimeToLiveAttribute, Enabled = true },
        };
    }
}
