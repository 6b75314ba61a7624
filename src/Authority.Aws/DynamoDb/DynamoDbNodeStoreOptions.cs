using Bridge.Abstractions.Nodes;

namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>Settings of <see cref="DynamoDbNodeStore"/>.</summary>
public sealed class DynamoDbNodeStoreOptions
{
    /// <summary>
    /// The table (shape in <see cref="DynamoDbTableSchema"/>, TTL enabled on <see cref="DynamoDbTableSchema.TimeToLiveAttribute"/>);
    /// may be shared with the other stores.
    /// </summary>
    public string TableName { get; set; } = string.Empty;

    /// <summary>
    /// How long a record outlives its SVID before it is stale (see <see cref="INodeStore"/>) and DynamoDB TTL may delete
    /// it. Between 0 and 365 days.
    /// </summary>
    public TimeSpan ExpiryGrace { get; set; } = NodeRecords.DefaultExpiryGrace;
}
