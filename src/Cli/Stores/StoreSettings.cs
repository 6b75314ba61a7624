namespace Bridge.Cli.Stores;

/// <summary>
/// Where <c>bridge entry</c> or <c>bridge agent</c> reads and writes. Each value left null falls back to the service's
/// own setting from the environment (<c>Bridge__Backends__Registration</c>, <c>Bridge__Backends__Nodes</c>,
/// <c>Bridge__Backends__DynamoDbTable</c>, ...), then to the service's local default, so the CLI and the service agree
/// without extra flags.
/// </summary>
internal sealed record StoreSettings
{
    /// <summary><c>File</c> or <c>DynamoDb</c> (case-insensitive).</summary>
    public string? Store { get; init; }

    /// <summary>The file of the <c>File</c> store.</summary>
    public string? File { get; init; }

    /// <summary>The table of the <c>DynamoDb</c> store.</summary>
    public string? Table { get; init; }

    /// <summary>The AWS Region of the table.</summary>
    public string? Region { get; init; }

    /// <summary>A DynamoDB endpoint to use instead of AWS's, such as DynamoDB Local.</summary>
    public string? EndpointUrl { get; init; }

    /// <summary>The trust domain the store's IDs belong to.</summary>
    public string? TrustDomain { get; init; }
}
