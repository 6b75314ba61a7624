namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>Settings of <see cref="DynamoDbAuthorityStateStore"/>.</summary>
public sealed class DynamoDbAuthorityStateStoreOptions
{
    /// <summary>The table (shape in <see cref="DynamoDbTableSchema"/>); may be shared with the other stores.</summary>
    public string TableName { get; set; } = string.Empty;
}
