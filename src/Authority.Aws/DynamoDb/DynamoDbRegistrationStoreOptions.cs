namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>Settings of <see cref="DynamoDbRegistrationStore"/>.</summary>
public sealed class DynamoDbRegistrationStoreOptions
{
    /// <summary>The table (shape in <see cref="DynamoDbTableSchema"/>); may be shared with the replay cache.</summary>
    public string TableName { get; set; } = string.Empty;
}
