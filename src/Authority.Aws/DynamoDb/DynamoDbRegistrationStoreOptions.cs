namespace Bridge.Authority.Aws.DynamoDb;

/// <summary>Settings of <see cref="DynamoDbRegistrationStore"/>.</summary>
public sealed class DynamoDbRegistrationStoreOptions
{
    /// <summary>The longest <see cref="IndexRefreshInterval"/> accepted.</summary>
    public static readonly TimeSpan MaxIndexRefreshInterval = TimeSpan.FromMinutes(5);

    /// <summary>The table (shape in <see cref="DynamoDbTableSchema"/>); may be shared with the replay cache.</summary>
    public string TableName { get; set; } = string.Empty;

    /// <summary>
    /// How long matching serves entries from memory before it checks the table revision again: the bound on how late a
    /// change written by another instance is seen. Zero checks on every call. Between zero and five minutes.
    /// </summary>
    public TimeSpan IndexRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);
}
