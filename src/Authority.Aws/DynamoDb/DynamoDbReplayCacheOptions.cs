namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>Settings of <see cref="DynamoDbReplayCache"/>.</summary>
public sealed class DynamoDbReplayCacheOptions
{
    /// <summary>
    /// The table (shape in <see cref="DynamoDbTableSchema"/>, TTL enabled on <see cref="DynamoDbTableSchema.TimeToLiveAttribute"/>);
    /// may be shared with the registration store.
    /// </summary>
    public string TableName { get; set; } = string.Empty;
}
